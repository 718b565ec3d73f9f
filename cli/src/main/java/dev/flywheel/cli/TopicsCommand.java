package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.cli.kafka.ClusterTopics;
import dev.flywheel.cli.kafka.ClusterTopics.GroupOffsets;
import dev.flywheel.cli.kafka.ClusterTopics.Snapshot;
import dev.flywheel.cli.kafka.ClusterTopics.TopicOffsets;
import dev.flywheel.topology.config.FlywheelConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel topics}: every topic of the cluster with its partitions, end offsets, rate in, and each consumer
 * group's committed offsets, lag and rate out. Rates are the difference of two reads {@code --interval} apart.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the topics with partitions, end offsets, rates and consumer lag per group.",
            "Rates compare two reads --interval apart (records per second)."})
final class TopicsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(arity = "0..1", paramLabel = "REGEX", description = "Only topics whose name matches (find anywhere).")
    Pattern match;

    @Option(names = "--interval", paramLabel = "SECONDS",
            description = "Seconds between the two reads that give the rates; 0 = no rates (default: ${DEFAULT-VALUE}).")
    double interval = 2;

    @Option(names = "--json", description = "Print the topics and groups as JSON.")
    boolean json;

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        if (interval < 0 || interval > 3600) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(),
                    "--interval must be between 0 and 3600 seconds, not " + interval);
        }
        FlywheelConfig config = settings.load();
        Snapshot first;
        Snapshot second;
        try (Admin admin = KafkaClients.admin(config, KafkaClients.TIMEOUT)) {
            KafkaClients.requireReachable(admin, config, KafkaClients.TIMEOUT);
            ClusterTopics cluster = new ClusterTopics(admin, KafkaClients.TIMEOUT);
            Set<String> names = cluster.names().stream().filter(n -> match == null || match.matcher(n).find())
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            first = cluster.read(names);
            if (interval > 0) {
                Thread.sleep((long) (interval * 1000));
                second = cluster.read(names);
            } else {
                second = first;
            }
        }
        PrintWriter out = command.commandLine().getOut();
        Rates rates = new Rates(first, second);
        out.println(json ? json(second, rates) : table(second, rates));
        out.flush();
        return 0;
    }

    /** Records per second between two reads; null when there was only one. */
    private record Rates(Snapshot first, Snapshot second) {

        Double in(TopicOffsets topic) {
            return rate(first.topics(), second.topics(), TopicOffsets::name, TopicOffsets::endOffset, topic.name());
        }

        Double out(GroupOffsets group) {
            return rate(first.groups(), second.groups(), g -> g.group() + "\n" + g.topic(), GroupOffsets::committed,
                    group.group() + "\n" + group.topic());
        }

        private <T> Double rate(List<T> before, List<T> after, Function<T, String> key,
                                java.util.function.ToLongFunction<T> offset, String which) {
            double seconds = Duration.between(first.at(), second.at()).toMillis() / 1000.0;
            if (first == second || seconds <= 0) {
                return null;
            }
            Map<String, Long> was = before.stream().collect(Collectors.toMap(key, offset::applyAsLong));
            Map<String, Long> is = after.stream().collect(Collectors.toMap(key, offset::applyAsLong));
            if (!was.containsKey(which) || !is.containsKey(which)) {
                return null;
            }
            return Math.max(0, is.get(which) - was.get(which)) / seconds;
        }
    }

    private static String table(Snapshot snapshot, Rates rates) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%-48s %10s %14s %10s%n", "TOPIC", "PARTITIONS", "END OFFSET", "IN/S"));
        for (TopicOffsets topic : snapshot.topics()) {
            text.append(String.format("%-48s %10d %14d %10s%n", topic.name(), topic.partitions(), topic.endOffset(),
                    rate(rates.in(topic))));
        }
        if (snapshot.groups().isEmpty()) {
            text.append(String.format("%nNo consumer group has committed offsets on these topics.%n"));
        } else {
            text.append(String.format("%n%-40s %-40s %14s %10s %10s%n", "CONSUMER GROUP", "TOPIC", "COMMITTED", "LAG",
                    "OUT/S"));
            for (GroupOffsets group : snapshot.groups()) {
                text.append(String.format("%-40s %-40s %14d %10d %10s%n", group.group(), group.topic(),
                        group.committed(), group.lag(), rate(rates.out(group))));
            }
        }
        text.append(String.format("%n%d topics, %d consumer group offsets, read at %s.", snapshot.topics().size(),
                snapshot.groups().size(), snapshot.at()));
        return text.toString();
    }

    private static String rate(Double perSecond) {
        return perSecond == null ? "-" : String.format("%.1f", perSecond);
    }

    private static String json(Snapshot snapshot, Rates rates) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode().put("at", snapshot.at().toString());
        var topics = root.putArray("topics");
        for (TopicOffsets topic : snapshot.topics()) {
            ObjectNode node = topics.addObject().put("name", topic.name()).put("partitions", topic.partitions())
                    .put("end_offset", topic.endOffset()).put("in_per_sec", rates.in(topic));
            var groups = node.putArray("groups");
            snapshot.groups().stream().filter(g -> g.topic().equals(topic.name())).forEach(g -> groups.addObject()
                    .put("group", g.group()).put("committed", g.committed()).put("lag", g.lag())
                    .put("out_per_sec", rates.out(g)));
        }
        return mapper.writeValueAsString(root);
    }
}
