package dev.flywheel.topology.spec;

/** A hyperparameter search algorithm, named as Katib names it. */
public enum TuningAlgorithm implements SpecEnum {
    /** Random search. */
    RANDOM("random"),
    /** Grid search. */
    GRID("grid"),
    /** Tree-structured Parzen estimator. */
    TPE("tpe"),
    /** Multivariate TPE. */
    MULTIVARIATE_TPE("multivariate-tpe"),
    /** Bayesian optimization. */
    BAYESIAN_OPTIMIZATION("bayesianoptimization"),
    /** CMA evolution strategy. */
    CMAES("cmaes"),
    /** Hyperband. */
    HYPERBAND("hyperband"),
    /** Sobol sequence. */
    SOBOL("sobol");

    private final String yamlName;

    TuningAlgorithm(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
