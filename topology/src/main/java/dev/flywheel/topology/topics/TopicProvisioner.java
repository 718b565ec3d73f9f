package dev.flywheel.topology.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the catalogue's topics exist, idempotently: creates the missing ones, and checks the existing
 * ones against the catalogue, reporting (never changing) those whose partitions, cleanup policy,
 * retention or other set configs differ. A topic another process creates at the same moment
 * ({@link TopicExistsException}) is checked like any existing topic. Topics the producers own are
 * skipped. Every Admin call has a timeout and bounded retries.
 */
public final class TopicProvisioner {

    /** Wait for one Admin call when not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts of one Admin call when not set. */
    public static final int DEFAULT_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final AdminRetry retry;

    /**
     * Creates a provisioner with the default timeout and attempts.
     *
     * @param admin the Admin client (the caller closes it)
     */
    public TopicProvisioner(Admin admin) {
        this(admin, DEFAULT_TIMEOUT, DEFAULT_ATTEMPTS, Duration.ofMillis(200));
    }

    /**
     * Creates a provisioner.
     *
     * @param admin the Admin client (the caller closes it)
     * @param timeout wait for one Admin call
     * @param attempts attempts of one Admin call before giving up
     * @param backoff wait before the first retry; doubles for each further one
     */
    public TopicProvisioner(Admin admin, Duration timeout, int attempts, Duration backoff) {
        this.admin = admin;
        this.retry = new AdminRetry(timeout, attempts, backoff);
    }

    /**
     * Provisions topics.
     *
     * @param topics the topics; those owned by producers are skipped
     * @return what was created (and is visible in the brokers' metadata), found fine, and found different
     * @throws ProvisioningException when the cluster cannot be reached or refuses a request
     */
    public ProvisioningReport provision(Collection<? extends Topic<?, ?>> topics) {
        Map<String, TopicSettings> wanted = new LinkedHashMap<>();
        topics.stream().filter(Topic::provisioned).forEach(topic -> wanted.put(topic.name(), topic.settings()));
        Set<String> existing = retry.call("list topics", timeout -> admin.listTopics(
                new ListTopicsOptions().timeoutMs(millis(timeout))).names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        List<NewTopic> missing = wanted.entrySet().stream().filter(e -> !existing.contains(e.getKey()))
                .map(e -> e.getValue().newTopic(e.getKey())).toList();
        Set<String> created = create(missing);
        if (!created.isEmpty()) {
            // KRaft commits a creation on the controller before the brokers' metadata caches have it; a client
            // asking in between gets UNKNOWN_TOPIC_OR_PARTITION, and a Kafka Streams application whose source
            // topic is unknown at its first assignment stops (MissingSourceTopicException). Describing retries
            // that retriable error until the broker answers for every created topic.
            describe(created);
        }
        Set<String> toCheck = new LinkedHashSet<>(wanted.keySet());
        toCheck.removeAll(created);
        List<String> ok = new ArrayList<>();
        List<TopicMismatch> mismatched = new ArrayList<>();
        if (!toCheck.isEmpty()) {
            Map<String, TopicDescription> descriptions = describe(toCheck);
            Map<String, Config> configs = configs(toCheck);
            for (String name : toCheck) {
                var differences = TopicComparison.differences(wanted.get(name), descriptions.get(name),
                        configs.get(name));
                if (differences.isEmpty()) {
                    ok.add(name);
                } else {
                    mismatched.add(new TopicMismatch(name, differences));
                }
            }
        }
        ProvisioningReport report = new ProvisioningReport(List.copyOf(created), ok, mismatched);
        log(report);
        return report;
    }

    private Set<String> create(List<NewTopic> missing) {
        Set<String> created = new LinkedHashSet<>();
        List<NewTopic> pending = new ArrayList<>(missing);
        if (pending.isEmpty()) {
            return created;
        }
        retry.call("create topics", timeout -> {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(pending,
                    new CreateTopicsOptions().timeoutMs(millis(timeout))).values();
            ExecutionException retriable = null;
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                    pending.removeIf(topic -> topic.name().equals(result.getKey()));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        LOG.info("Topic {} was created by someone else meanwhile; checking it", result.getKey());
                        pending.removeIf(topic -> topic.name().equals(result.getKey()));
                    } else if (AdminRetry.isRetriable(e.getCause())) {
                        retriable = e;
                    } else {
                        throw new ProvisioningException("Cannot create topic " + result.getKey() + ": "
                                + e.getCause(), e.getCause());
                    }
                }
            }
            if (retriable != null) {
                throw retriable;
            }
            return null;
        });
        return created;
    }

    private Map<String, TopicDescription> describe(Set<String> names) {
        return retry.call("describe topics " + names, timeout -> admin.describeTopics(names,
                        new DescribeTopicsOptions().timeoutMs(millis(timeout))).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private Map<String, Config> configs(Set<String> names) {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> byResource = retry.call("describe topic configs", timeout -> admin
                .describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(millis(timeout))).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        Map<String, Config> byName = new HashMap<>();
        byResource.forEach((resource, config) -> byName.put(resource.name(), config));
        return byName;
    }

    private static void log(ProvisioningReport report) {
        report.created().forEach(name -> LOG.info("Created topic {}", name));
        report.mismatched().forEach(mismatch -> LOG.warn("Topic {} differs from the catalogue and was left "
                + "unchanged: {}", mismatch.topic(), mismatch.differences()));
        LOG.info("Topics: {} created, {} ok, {} mismatched", report.created().size(), report.ok().size(),
                report.mismatched().size());
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
