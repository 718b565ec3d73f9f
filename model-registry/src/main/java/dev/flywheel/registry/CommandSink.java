package dev.flywheel.registry;

import dev.flywheel.registry.versions.RegistryCommand;

/** Where promote and rollback commands go: the command topic, or a test driver's input in tests. */
@FunctionalInterface
public interface CommandSink {

    /**
     * Sends a command and returns once it is durably written.
     *
     * @param command the command
     * @throws RegistryUnavailableException when it could not be written
     */
    void send(RegistryCommand command);
}
