package dev.flywheel.cli.demo;

import dev.flywheel.ingestion.producer.FlywheelProducer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's synthetic producer: card payments and their fraud labels ({@link DemoTraffic}) written as Avro through
 * the real broker and schema registry ({@link FlywheelProducer}), at a steady rate, until {@link #stop()}.
 * {@link #injectDrift()} switches every later payment to the drifted regime. Event times are the clock's now.
 *
 * <pre>{@code
 * try (DemoProducer producer = DemoProducer.create(flywheelProducer, "transactions", "fraud-labels", 42, clock)) {
 *     producer.start(200);          // payments per second, each with its label
 *     ...
 *     producer.injectDrift();
 *     DemoProducer.Counts sent = producer.counts();
 * }
 * }</pre>
 */
public final class DemoProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoProducer.class);
    /** Cards the payments are spread over: a few payments per card in a demo run. */
    private static final int CARDS = 5_000;
    private static final long TICK_MS = 50;

    /** The Avro schema of a payment (the bundled {@code demo/transaction.avsc}). */
    public static final Schema TRANSACTION = schema("/demo/transaction.avsc");
    /** The Avro schema of a label (the bundled {@code demo/fraud_label.avsc}). */
    public static final Schema LABEL = schema("/demo/fraud_label.avsc");

    /**
     * What was sent so far.
     *
     * @param transactions payments acknowledged by the broker
     * @param labels labels acknowledged by the broker
     * @param fraud of those labels, how many say fraud
     * @param drifted payments acknowledged since {@link #injectDrift()}
     * @param failed sends the broker did not acknowledge
     */
    public record Counts(long transactions, long labels, long fraud, long drifted, long failed) {
    }

    private final FlywheelProducer producer;
    private final String transactionsTopic;
    private final String labelsTopic;
    private final DemoTraffic traffic;
    private final Clock clock;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong fraud = new AtomicLong();
    private final AtomicLong drifted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean drift;
    private ScheduledExecutorService ticker;
    private double owed;

    private DemoProducer(FlywheelProducer producer, String transactionsTopic, String labelsTopic, long seed,
                         Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.transactionsTopic = Objects.requireNonNull(transactionsTopic, "transactionsTopic");
        this.labelsTopic = Objects.requireNonNull(labelsTopic, "labelsTopic");
        this.traffic = new DemoTraffic(seed, CARDS);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A producer, not started; it does not own {@code producer}.
     *
     * @param producer writes to the broker
     * @param transactionsTopic the payments' topic (the {@code transactions} source's input topic)
     * @param labelsTopic the labels' topic (the {@code fraud_labels} source's input topic)
     * @param seed the generator's seed
     * @param clock event times
     */
    public static DemoProducer create(FlywheelProducer producer, String transactionsTopic, String labelsTopic,
                                      long seed, Clock clock) {
        return new DemoProducer(producer, transactionsTopic, labelsTopic, seed, clock);
    }

    /**
     * Starts sending {@code rate} payments a second, each followed by its label, on a thread of its own.
     *
     * @throws IllegalStateException when already started
     */
    public synchronized void start(int rate) {
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be >= 1 payment a second, was " + rate);
        }
        if (ticker != null) {
            throw new IllegalStateException("the demo producer is already started");
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-producer");
            thread.setDaemon(true);
            return thread;
        });
        double perTick = rate * TICK_MS / 1000.0;
        ticker.scheduleAtFixedRate(() -> tick(perTick), 0, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("Demo producer sends {} payments a second to {} and their labels to {}", rate, transactionsTopic,
                labelsTopic);
    }

    /**
     * Registers the payment and label schemas under their topics' subjects now, before any record: stages typed
     * against a source's schema (feature views) can then start before the first payment arrives.
     *
     * @throws dev.flywheel.schemas.serde.SchemaRegistryAccessException when the registry refuses or is away
     */
    public void registerSchemas() {
        producer.schemaId(transactionsTopic, TRANSACTION);
        producer.schemaId(labelsTopic, LABEL);
    }

    /** From now on, payments come from the drifted regime: higher amounts, riskier categories. */
    public void injectDrift() {
        drift = true;
        LOG.info("Demo producer drifts: amounts shift up, the category mix changes");
    }

    /** Whether {@link #injectDrift()} was called. */
    public boolean drifting() {
        return drift;
    }

    /** What was sent so far. */
    public Counts counts() {
        return new Counts(transactions.get(), labels.get(), fraud.get(), drifted.get(), failed.get());
    }

    /** Stops sending and flushes what is buffered; {@link #start(int)} may not be called again. */
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The demo producer's thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    @Override
    public void close() {
        stop();
    }

    private void tick(double perTick) {
        owed += perTick;
        try {
            while (owed >= 1) {
                owed -= 1;
                send(traffic.next(drift));
            }
        } catch (RuntimeException e) {
            // A failure on this thread would cancel the schedule silently: count it, log it, keep going.
            failed.incrementAndGet();
            LOG.warn("Demo producer could not send: {}", e.getMessage(), e);
        }
    }

    private void send(DemoTraffic.Payment payment) {
        long now = clock.millis();
        boolean drifted = drift;
        GenericRecord txn = new GenericData.Record(TRANSACTION);
        txn.put("txn_id", payment.txnId());
        txn.put("card_id", payment.cardId());
        txn.put("amount", payment.amount());
        txn.put("merchant_category", payment.category());
        txn.put("country", payment.country());
        txn.put("ts", now);
        acknowledged(producer.send(transactionsTopic, payment.cardId(), txn), "payment " + payment.txnId(), () -> {
            transactions.incrementAndGet();
            if (drifted) {
                this.drifted.incrementAndGet();
            }
        });
        GenericRecord label = new GenericData.Record(LABEL);
        label.put("txn_id", payment.txnId());
        label.put("card_id", payment.cardId());
        label.put("ts", now);
        label.put("is_fraud", payment.fraud());
        acknowledged(producer.send(labelsTopic, payment.cardId(), label), "label of " + payment.txnId(), () -> {
            labels.incrementAndGet();
            if (payment.fraud()) {
                fraud.incrementAndGet();
            }
        });
    }

    /** Counts a send once the broker answers: {@code onAck} when it took the record, a failure otherwise. */
    private void acknowledged(CompletableFuture<RecordMetadata> send, String what, Runnable onAck) {
        send.whenComplete((meta, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                LOG.warn("The broker did not take the {}: {}", what, error.getMessage());
            } else {
                onAck.run();
            }
        });
    }

    private static Schema schema(String resource) {
        try (InputStream in = DemoProducer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
