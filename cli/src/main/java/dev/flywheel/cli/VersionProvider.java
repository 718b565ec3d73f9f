package dev.flywheel.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (the Maven project version), or "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Flywheel.class.getPackage().getImplementationVersion();
        return new String[] {"flywheel " + (version != null ? version : "dev")};
    }
}
