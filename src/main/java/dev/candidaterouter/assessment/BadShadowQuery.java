package dev.candidaterouter.assessment;

/** A query parameter of GET /admin/rules/shadow that cannot be used; the message names it. Answered 400. */
public class BadShadowQuery extends RuntimeException {
    public BadShadowQuery(String message) {
        super(message);
    }
}
