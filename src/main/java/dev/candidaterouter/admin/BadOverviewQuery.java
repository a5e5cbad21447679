package dev.candidaterouter.admin;

/** A query parameter of GET /admin/overview that cannot be used; the message names it. Answered 400. */
public class BadOverviewQuery extends RuntimeException {
    public BadOverviewQuery(String message) {
        super(message);
    }
}
