package dev.flywheel.cli;

/**
 * The outcome of one {@code flywheel doctor} check.
 *
 * @param name what was checked, e.g. {@code kafka}
 * @param target where: an address, a file, a version
 * @param ok whether it passed
 * @param detail what was found (OK) or what is wrong (FAIL)
 * @param fix how to fix it; empty when OK
 */
record Check(String name, String target, boolean ok, String detail, String fix) {

    static Check ok(String name, String target, String detail) {
        return new Check(name, target, true, detail, "");
    }

    static Check fail(String name, String target, String detail, String fix) {
        return new Check(name, target, false, detail, fix);
    }

    /** One line: {@code <what is wrong>: <fix>}, for a command that stops at the first failure. */
    String problem() {
        return detail + (fix.isEmpty() ? "" : ": " + fix);
    }
}
