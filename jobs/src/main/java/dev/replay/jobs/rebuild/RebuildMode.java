package dev.replay.jobs.rebuild;

/** A full blue/green rebuild into a new copy, or a catch-up of the live copy with what committed since. */
public enum RebuildMode {
    FULL("full"),
    CATCH_UP("catch-up");

    private final String parameter;

    RebuildMode(String parameter) {
        this.parameter = parameter;
    }

    /** The value of the {@code mode} job parameter. */
    public String parameter() {
        return parameter;
    }

    /**
     * @throws IllegalArgumentException naming the value when it is neither {@code full} nor {@code catch-up}
     */
    public static RebuildMode of(String parameter) {
        for (RebuildMode mode : values()) {
            if (mode.parameter.equals(parameter)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be full or catch-up, was " + parameter);
    }
}
