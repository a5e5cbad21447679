package dev.candidaterouter.camel.drools;

/**
 * What becomes the body when the endpoint has a {@code resultType}. The constants are spelled as they are written
 * in URIs and YAML ({@code resultMode=list}).
 */
public enum DroolsResultMode {
    /** The one result fact is the body; none gives null, several are an error. */
    single,
    /** All result facts, in the order they were inserted, as a List. */
    list
}
