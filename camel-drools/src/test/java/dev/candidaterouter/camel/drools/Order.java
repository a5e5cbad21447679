package dev.candidaterouter.camel.drools;

/** A test fact: knows nothing of candidates, like the component. */
public class Order {
    private final String id;
    private final int total;
    private String note;

    public Order(String id, int total) {
        this.id = id;
        this.total = total;
    }

    public String getId() {
        return id;
    }

    public int getTotal() {
        return total;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
