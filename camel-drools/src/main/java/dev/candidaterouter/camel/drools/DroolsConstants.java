package dev.candidaterouter.camel.drools;

import org.apache.camel.spi.Metadata;

/** Headers the {@code drools:} producer sets on every exchange. */
public final class DroolsConstants {
    @Metadata(description = "Names of the rules that fired, in firing order.", javaType = "java.util.List<String>")
    public static final String FIRED_RULES = "CamelDroolsFiredRules";

    @Metadata(description = "Version of the rule set that decided: a hash of the rule files' names and contents.",
            javaType = "String")
    public static final String RULESET_VERSION = "CamelDroolsRulesetVersion";

    @Metadata(description = "The endpoint's rule set name (the path of the URI).", javaType = "String")
    public static final String RULESET = "CamelDroolsRuleset";

    private DroolsConstants() {
    }
}
