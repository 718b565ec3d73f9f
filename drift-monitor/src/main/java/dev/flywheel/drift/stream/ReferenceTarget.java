package dev.flywheel.drift.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dataset a monitor wants as its reference, and why: an explicit id from the spec, or the champion's
 * training set named by a {@code ModelPromoted} or a {@code ModelVersion} in PRODUCTION.
 *
 * @param datasetId the dataset id
 * @param causes the ids of the events that chose it
 * @param model the champion's model, when chosen by one
 * @param version the champion's version, when chosen by one
 */
record ReferenceTarget(String datasetId, List<String> causes, Optional<String> model, Optional<Integer> version) {

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(datasetId);
            out.writeInt(causes.size());
            for (String cause : causes) {
                out.writeUTF(cause);
            }
            out.writeUTF(model.orElse(""));
            out.writeInt(version.orElse(-1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ReferenceTarget decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String datasetId = in.readUTF();
            int count = in.readInt();
            List<String> causes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                causes.add(in.readUTF());
            }
            String model = in.readUTF();
            int version = in.readInt();
            return new ReferenceTarget(datasetId, causes, model.isEmpty() ? Optional.empty() : Optional.of(model),
                    version < 0 ? Optional.empty() : Optional.of(version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
