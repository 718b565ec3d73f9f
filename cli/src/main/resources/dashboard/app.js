/* Flywheel ops dashboard: plain JavaScript over /api/* and the /api/events stream; charts by ECharts. */
(function () {
  'use strict';

  const state = { page: null, families: {}, history: [], charts: {}, tailTopic: null, driftId: null,
    model: null, lineageVersion: null, ticks: 0, driftCount: -1, trainingCount: -1 };

  const $ = (sel) => document.querySelector(sel);
  const esc = (v) => String(v === null || v === undefined ? '' : v).replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const num = (v) => (v === null || v === undefined) ? '–' : Number(v).toLocaleString('en-US');
  const rate = (v) => (v === null || v === undefined) ? '–' : Number(v).toFixed(Number(v) < 10 ? 1 : 0);
  const time = (ms) => ms ? new Date(ms).toLocaleTimeString() : '–';
  const dateTime = (ms) => ms ? new Date(ms).toLocaleString() : '–';
  const duration = (ms) => ms === null || ms === undefined ? '–' : ms < 1000 ? ms + ' ms' : ms < 60000
    ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms / 60000) + ' min';
  const empty = (html) => '<div class="empty">' + html + '</div>';

  // Reads send the API token too when one is entered: a backbone may require it for reading
  // (dashboard.read.token.required); an EventSource cannot send headers, so the stream gets it as ?token=.
  const token = () => $('#token').value.trim();

  async function api(path) {
    const headers = { Accept: 'application/json' };
    if (token()) { headers.Authorization = 'Bearer ' + token(); }
    const response = await fetch(path, { headers: headers });
    if (response.status === 401) { $('#live').textContent = 'enter the API token'; $('#live').classList.add('off'); }
    const body = await response.json();
    if (!response.ok) { throw new Error(body.message || response.statusText); }
    return body;
  }

  function chart(id) {
    if (!state.charts[id]) { state.charts[id] = echarts.init(document.getElementById(id)); }
    return state.charts[id];
  }
  window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));

  // ---- routing -------------------------------------------------------------------------------------------
  const loaders = { overview: loadOverview, topics: loadTopics, drift: loadDrift, training: loadTraining,
    models: loadModels };

  function route() {
    const page = (location.hash || '#overview').slice(1).split('/')[0];
    state.page = loaders[page] ? page : 'overview';
    document.querySelectorAll('.page').forEach((p) => p.classList.toggle('active', p.id === 'page-' + state.page));
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === state.page));
    refresh();
    setTimeout(() => Object.values(state.charts).forEach((c) => c.resize()), 0);
  }
  window.addEventListener('hashchange', route);

  function refresh() {
    loaders[state.page]().catch((e) => console.warn('dashboard', state.page, e));
  }

  // ---- live updates --------------------------------------------------------------------------------------
  let events = null;
  function connect() {
    if (events) { events.close(); }
    events = new EventSource('/api/events' + (token() ? '?token=' + encodeURIComponent(token()) : ''));
    events.addEventListener('open', () => { $('#live').textContent = 'live'; $('#live').classList.remove('off'); });
    events.addEventListener('error', () => { $('#live').textContent = 'reconnecting'; $('#live').classList.add('off'); });
    events.addEventListener('tick', (e) => onTick(JSON.parse(e.data)));
  }

  function onTick(tick) {
    state.ticks++;
    $('#live').textContent = 'live ' + time(tick.t);
    $('#live').dataset.ticks = state.ticks;
    state.history.push({ t: tick.t, rates: tick.rates });
    if (state.history.length > 300) { state.history.shift(); }
    renderTotals(tick.totals, tick.rates);
    if (state.page === 'overview') {
      drawThroughput();
      Object.entries(tick.stage_rates || {}).forEach(([stage, r]) => {
        const cell = document.querySelector('#stages tr[data-stage="' + CSS.escape(stage) + '"] td.rate');
        if (cell) { cell.textContent = rate(r); }
      });
      Object.entries(tick.health || {}).forEach(([stage, status]) => {
        const cell = document.querySelector('#stages tr[data-stage="' + CSS.escape(stage) + '"] td.status');
        if (cell) { cell.textContent = status; cell.className = 'status ' + status; }
      });
      if (state.ticks % 5 === 0) { refresh(); }
    } else if (state.page === 'topics' && state.ticks % 2 === 0) {
      refresh();
    } else if (state.page === 'drift' && tick.drift_events !== state.driftCount) {
      state.driftCount = tick.drift_events; refresh();
    } else if (state.page === 'training' && tick.training_events !== state.trainingCount) {
      state.trainingCount = tick.training_events; refresh();
    } else if (state.page === 'models' && state.ticks % 5 === 0) {
      refresh();
    }
  }

  // ---- overview ------------------------------------------------------------------------------------------
  async function loadOverview() {
    const o = await api('/api/overview');
    state.families = o.families;
    if (state.history.length < o.history.length) { state.history = o.history.slice(); }
    renderTotals(o.totals, (o.history[o.history.length - 1] || {}).rates || {});
    const rows = o.stages.map((s) => '<tr data-stage="' + esc(s.stage) + '"><td>' + esc(s.stage)
      + '</td><td class="status ' + esc(s.status) + '">' + esc(s.status) + '</td><td class="num rate">'
      + rate(s.rate) + '</td><td class="muted">' + esc(s.reason) + '</td></tr>');
    $('#stages tbody').innerHTML = rows.length ? rows.join('') : '<tr><td colspan="4">' + empty(
      'No stage runs. Start the backbone with <code>flywheel up -f flywheel.yaml</code>.') + '</td></tr>';
    $('#alarms').innerHTML = o.alarms.length ? o.alarms.map((a) => '<li><span class="when">' + dateTime(a.at)
      + '</span><span class="lvl-' + esc(a.level) + '">' + esc(a.kind) + '</span> ' + esc(a.text) + '</li>').join('')
      : '<li>' + empty('No alarms: every stage is up, no drift and no failed training.') + '</li>';
    drawThroughput();
  }

  function renderTotals(totals, rates) {
    if (!totals) { return; }
    const families = state.families;
    const html = Object.keys(totals).map((f) => '<div class="card" data-family="' + esc(f) + '"><div class="value">'
      + num(totals[f]) + '</div><div class="label">' + esc(families[f] || f) + '</div><div class="rate">'
      + rate((rates || {})[f]) + ' /s</div></div>');
    $('#totals').innerHTML = html.join('');
  }

  function drawThroughput() {
    if (state.page !== 'overview') { return; }
    const families = Object.keys(state.families);
    const shown = families.filter((f) => state.history.some((p) => (p.rates || {})[f] > 0));
    const series = (shown.length ? shown : families.slice(0, 1)).map((f) => ({
      name: state.families[f] || f, type: 'line', showSymbol: false, smooth: true,
      data: state.history.map((p) => [p.t, (p.rates || {})[f] || 0]) }));
    chart('throughput-chart').setOption({ animation: false, tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' }, grid: { left: 50, right: 16, top: 34, bottom: 28 },
      xAxis: { type: 'time' }, yAxis: { type: 'value', name: '/s' }, series: series }, true);
  }

  // ---- topics --------------------------------------------------------------------------------------------
  async function loadTopics() {
    const t = await api('/api/topics');
    $('#topics tbody').innerHTML = t.topics.length ? t.topics.map((topic) => '<tr data-topic="' + esc(topic.name)
      + '"><td>' + esc(topic.name) + '</td><td class="muted">' + esc(topic.owner.toLowerCase()) + '</td><td class="num">'
      + topic.partitions + '</td><td class="num records">' + num(topic.records) + '</td><td class="num">'
      + rate(topic.rate_in) + '</td><td class="num">' + rate(topic.rate_out) + '</td><td class="muted">'
      + esc(topic.consumers.join(', ')) + '</td><td><button data-tail="' + esc(topic.name) + '">tail</button></td></tr>')
      .join('') : '<tr><td colspan="8">' + empty('No topics yet. <code>flywheel up</code> provisions them from '
      + 'the spec.') + '</td></tr>';
    document.querySelectorAll('#topics button[data-tail]').forEach((b) => b.addEventListener('click', () => {
      state.tailTopic = b.dataset.tail; loadTail();
    }));
    $('#groups tbody').innerHTML = t.groups.length ? t.groups.map((g) => '<tr><td>' + esc(g.group) + '</td><td>'
      + esc(g.topic) + '</td><td class="num">' + num(g.committed) + '</td><td class="num">' + num(g.lag) + '</td></tr>')
      .join('') : '<tr><td colspan="4">' + empty('No consumer group has committed offsets yet: stages commit '
      + 'once they have read records.') + '</td></tr>';
    $('#rejections tbody').innerHTML = t.rejections.length ? t.rejections.map((r) => '<tr><td>' + esc(r.topic)
      + '</td><td>' + esc(r.reason) + '</td><td class="num">' + num(r.count) + '</td></tr>').join('')
      : '<tr><td colspan="3">' + empty('Nothing rejected since start.') + '</td></tr>';
    // A source's dead letters are on <source>.dlq: the replay form offers those sources and the reasons seen.
    const sources = t.topics.filter((topic) => topic.dlq).map((topic) => topic.name.replace(/\.dlq$/, ''));
    const chosen = $('#replay-source').value;
    $('#replay-source').innerHTML = sources.map((name) => '<option' + (name === chosen ? ' selected' : '') + '>'
      + esc(name) + '</option>').join('');
    const reasons = Array.from(new Set(t.rejections.map((r) => r.reason)));
    const reason = $('#replay-reason').value;
    $('#replay-reason').innerHTML = '<option value="">every reason</option>' + reasons.map((r) => '<option'
      + (r === reason ? ' selected' : '') + '>' + esc(r) + '</option>').join('');
    if (!state.tailTopic && t.topics.length) {
      const valid = t.topics.find((topic) => topic.name.endsWith('.valid'));
      state.tailTopic = (valid || t.topics[0]).name;
    }
    await loadTail();
  }

  async function loadTail() {
    if (!state.tailTopic) {
      $('#tail').innerHTML = empty('Pick a topic above to follow its newest records.');
      return;
    }
    $('#tail-topic').textContent = state.tailTopic;
    const tail = await api('/api/topics/' + encodeURIComponent(state.tailTopic) + '/tail?limit=10');
    $('#tail').innerHTML = tail.records.length ? '<table><thead><tr><th>p/offset</th><th>time</th><th>key</th>'
      + '<th>value</th></tr></thead><tbody>' + tail.records.slice(-20).reverse().map((r) => '<tr><td class="num">'
      + r.partition + '/' + r.offset + '</td><td>' + time(r.timestamp) + '</td><td>' + esc(r.key)
      + '</td><td><pre class="record">' + esc(r.value) + '</pre></td></tr>').join('') + '</tbody></table>'
      : empty('No records in ' + esc(state.tailTopic) + ' yet. Send some: <code>curl -X POST '
      + 'localhost:8080/ingest/SOURCE -d @records.json</code>.');
  }

  // ---- drift ---------------------------------------------------------------------------------------------
  async function loadDrift() {
    const d = await api('/api/drift');
    if (!d.series.length) {
      $('#monitors').innerHTML = '<li>' + empty('No drift events yet. Monitors report once a window fills and the '
        + 'champion model has a reference profile.') + '</li>';
      return;
    }
    if (!state.driftId || !d.series.some((s) => s.id === state.driftId)) { state.driftId = d.series[0].id; }
    $('#monitors').innerHTML = d.series.map((s) => '<li data-series="' + esc(s.id) + '" class="'
      + (s.id === state.driftId ? 'selected' : '') + '"><span class="lvl-' + (s.state === 'resolved' ? 'ok' : 'error')
      + '">●</span> ' + esc(s.monitor) + ' / ' + esc(s.feature) + '</li>').join('');
    document.querySelectorAll('#monitors li[data-series]').forEach((li) => li.addEventListener('click', () => {
      state.driftId = li.dataset.series; loadDrift();
    }));
    drawDrift(d.series.find((s) => s.id === state.driftId));
  }

  function drawDrift(s) {
    $('#drift-title').textContent = s.monitor + ' / ' + s.feature + ' (' + s.method + ')';
    const markLine = s.threshold === null ? undefined : { symbol: 'none', lineStyle: { color: '#cf222e', type: 'dashed' },
      label: { formatter: 'threshold ' + s.threshold }, data: [{ yAxis: s.threshold }] };
    chart('drift-chart').setOption({ animation: false, tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 90, top: 20, bottom: 28 }, xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'score' },
      series: [{ name: 'score', type: 'line', data: s.points.map((p) => [p.t, p.score]), markLine: markLine,
        itemStyle: { color: '#0b5cad' },
        symbolSize: 7 }] }, true);
    $('#bins-title').textContent = s.bins_at ? 'top bins of the alarm at ' + new Date(s.bins_at).toLocaleString() : '';
    if (!s.bins.length) {
      chart('bins-chart').setOption({ title: { text: 'No bins reported for this series yet', left: 'center',
        top: 'middle', textStyle: { color: '#5b6475', fontSize: 13, fontWeight: 'normal' } }, series: [] }, true);
      return;
    }
    chart('bins-chart').setOption({ animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 16, top: 34, bottom: 60 },
      xAxis: { type: 'category', data: s.bins.map((b) => b.bin), axisLabel: { rotate: 20 } },
      yAxis: { type: 'value', name: 'share', max: (v) => Math.min(1, Math.ceil(v.max * 10) / 10) },
      series: [{ name: 'reference', type: 'bar', data: s.bins.map((b) => b.reference_share), itemStyle: { color: '#8c959f' } },
        { name: 'current window', type: 'bar', data: s.bins.map((b) => b.window_share), itemStyle: { color: '#0b5cad' } }] }, true);
  }

  // ---- training ------------------------------------------------------------------------------------------
  async function loadTraining() {
    const t = await api('/api/training');
    $('#jobs tbody').innerHTML = t.jobs.length ? t.jobs.map((j) => '<tr data-request="' + esc(j.request_id) + '"><td>'
      + dateTime(j.requested_at || j.updated_at) + '</td><td>' + esc(j.model) + '</td><td>' + esc(j.trigger || '–')
      + '</td><td class="status ' + esc(j.state) + '">' + esc(j.state) + '</td><td class="num">' + duration(j.duration_ms)
      + '</td><td class="muted">' + esc(j.job_name || '–') + ' ' + esc(j.backend || '') + '</td><td>'
      + Object.entries(j.metrics).map(([k, v]) => esc(k) + ' ' + Number(v).toFixed(4)).join(', ') + '</td><td>'
      + esc(j.status_reason || j.reason || '') + '<div class="muted">causes: ' + esc((j.causes || []).join(', ') || '–')
      + '</div></td></tr>').join('')
      : '<tr><td colspan="8">' + empty('No training yet. Drift or new data requests one when the model '
      + 'has a <code>retrain</code> policy in the spec.') + '</td></tr>';
  }

  // ---- models --------------------------------------------------------------------------------------------
  async function loadModels() {
    const models = await api('/api/models');
    if (!models.length) {
      $('#models').innerHTML = '<li>' + empty('No models. Declare one under <code>models:</code> in the spec.') + '</li>';
      return;
    }
    if (!state.model || !models.some((m) => m.model === state.model)) { state.model = models[0].model; }
    $('#models').innerHTML = models.map((m) => '<li data-model="' + esc(m.model) + '" class="'
      + (m.model === state.model ? 'selected' : '') + '">' + esc(m.model) + ' <span class="muted">'
      + (m.champion ? 'champion v' + m.champion : 'no champion') + '</span></li>').join('');
    document.querySelectorAll('#models li[data-model]').forEach((li) => li.addEventListener('click', () => {
      state.model = li.dataset.model; state.lineageVersion = null; loadModels();
    }));
    const model = models.find((m) => m.model === state.model);
    $('#model-title').textContent = model.model + (model.promotion ? ' · promotion: ' + model.promotion : '');
    $('#train').dataset.model = model.model;
    $('#champions').textContent = 'Champion history: ' + (model.previous_champions.concat(model.champion ? [model.champion]
      : []).map((v) => 'v' + v).join(' → ') || 'none yet');
    const versions = await api('/api/models/' + encodeURIComponent(model.model) + '/versions');
    $('#versions tbody').innerHTML = versions.length ? versions.slice().reverse().map((v) => '<tr data-version="'
      + v.version + '"><td>v' + v.version + '</td><td class="status ' + esc(v.stage) + '">' + esc(v.stage) + '</td><td>'
      + Object.entries(v.metrics).map(([k, x]) => esc(k) + ' ' + Number(x).toFixed(4)).join(', ') + '</td><td class="muted">'
      + esc(v.dataset_id || '–') + '</td><td>' + esc(new Date(v.created_at).toLocaleString()) + '</td><td>'
      + '<button data-lineage="' + v.version + '">lineage</button> '
      + (v.stage === 'PRODUCTION' ? '' : '<button data-promote="' + v.version + '">promote</button> ')
      + '</td></tr>').join('') + (model.previous_champions.length ? '<tr><td colspan="6"><button id="rollback">roll back '
      + 'to the previous champion</button></td></tr>' : '')
      : '<tr><td colspan="6">' + empty('No versions yet. A successful training registers one.') + '</td></tr>';
    document.querySelectorAll('#versions button[data-lineage]').forEach((b) => b.addEventListener('click', () => {
      state.lineageVersion = Number(b.dataset.lineage); loadLineage();
    }));
    document.querySelectorAll('#versions button[data-promote]').forEach((b) => b.addEventListener('click', () =>
      write('/models/' + encodeURIComponent(model.model) + '/versions/' + b.dataset.promote + '/promote')));
    const rollback = $('#rollback');
    if (rollback) { rollback.addEventListener('click', () => write('/models/' + encodeURIComponent(model.model) + '/rollback')); }
    if (versions.length) {
      if (!state.lineageVersion) { state.lineageVersion = versions[versions.length - 1].version; }
      await loadLineage();
    }
  }

  // Every write sends the API token; the answer (or why it was refused) goes to the given line of the page.
  async function post(path, body, resultId) {
    const token = $('#token').value.trim();
    if (!token) { $(resultId).textContent = 'Enter the API token (the api.token setting) first.'; return null; }
    sessionStorage.setItem('flywheel.token', token);
    const response = await fetch(path, { method: 'POST', headers: { Authorization: 'Bearer ' + token,
      'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      $(resultId).textContent = 'Refused (' + response.status + '): ' + (answer.message || response.statusText);
      return null;
    }
    return answer;
  }

  async function write(path) {
    const body = await post(path, { actor: 'dashboard' }, '#action-result');
    if (body) { $('#action-result').textContent = 'Done: champion is now v' + body.champion; }
    loadModels();
  }

  async function train(model) {
    const body = await post('/api/models/' + encodeURIComponent(model) + '/train', { requested_by: 'dashboard' },
      '#action-result');
    if (body) {
      $('#action-result').textContent = 'Training requested: ' + body.request_id + ' (see the Training page)';
    }
  }

  async function replay() {
    const source = $('#replay-source').value;
    if (!source) { $('#replay-result').textContent = 'No dead-letter topic to replay from yet.'; return; }
    const reason = $('#replay-reason').value;
    const body = await post('/api/sources/' + encodeURIComponent(source) + '/dlq/replay',
      { reasons: reason ? [reason] : [] }, '#replay-result');
    if (body) {
      $('#replay-result').textContent = 'Replayed ' + body.replayed + ' of ' + body.matched + ' matching records from '
        + body.dlq_topic + (body.already_replayed ? ' (' + body.already_replayed + ' had been replayed before)' : '')
        + (body.unreadable.length ? '; ' + body.unreadable.length + ' could not be decoded' : '') + '.';
    }
  }

  async function loadLineage() {
    const g = await api('/api/models/' + encodeURIComponent(state.model) + '/versions/' + state.lineageVersion + '/lineage');
    $('#lineage-title').textContent = state.model + ' v' + state.lineageVersion;
    $('#lineage-missing').textContent = g.missing.length ? 'Not found (yet): ' + g.missing.join(', ') : '';
    // Layered layout: the version on the right, each cause one column further left than its effect.
    const depth = {}; const byTarget = {};
    g.edges.forEach((e) => { (byTarget[e.to] = byTarget[e.to] || []).push(e.from); });
    const queue = [g.nodes[0].id]; depth[g.nodes[0].id] = 0;
    while (queue.length) {
      const id = queue.shift();
      (byTarget[id] || []).forEach((from) => { if (depth[from] === undefined) { depth[from] = depth[id] + 1; queue.push(from); } });
    }
    const rows = {};
    const colors = { ModelVersion: '#1a7f37', TrainingJobStatus: '#0b5cad', TrainingRequested: '#6f42c1',
      DatasetSnapshot: '#9a6700', DriftDetected: '#cf222e', DataAvailable: '#1b7c83' };
    const nodes = g.nodes.map((n) => {
      const d = depth[n.id] === undefined ? 0 : depth[n.id];
      rows[d] = (rows[d] || 0) + 1;
      return { id: n.id, name: n.label, x: -d * 220, y: rows[d] * 90, symbolSize: 18,
        itemStyle: { color: colors[n.type] || '#5b6475' }, label: { show: true, position: 'bottom', fontSize: 11, lineHeight: 14 },
        tooltip: { formatter: esc(n.type) + '<br>' + esc(n.id) + '<br>' + Object.entries(n.attributes)
          .map(([k, v]) => esc(k) + ': ' + esc(v)).join('<br>') } };
    });
    chart('lineage-chart').setOption({ tooltip: {}, animation: false, series: [{ type: 'graph', layout: 'none', roam: true,
      data: nodes, edges: g.edges.map((e) => ({ source: e.from, target: e.to })), edgeSymbol: ['none', 'arrow'],
      edgeSymbolSize: 8, lineStyle: { color: '#8c959f', width: 1.5 } }] }, true);
  }

  $('#train').addEventListener('click', () => train($('#train').dataset.model));
  $('#replay').addEventListener('click', replay);
  $('#token').value = sessionStorage.getItem('flywheel.token') || '';
  $('#token').addEventListener('change', () => {
    sessionStorage.setItem('flywheel.token', token()); connect(); refresh();
  });
  route();
  connect();
}());
