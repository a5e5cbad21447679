package dev.candidaterouter.camel.drools;

/** A test result fact. */
public class Discount {
    private final String orderId;
    private final int percent;

    public Discount(String orderId, int percent) {
        this.orderId = orderId;
        this.percent = percent;
    }

    public String getOrderId() {
        return orderId;
    }

    public int getPercent() {
        return percent;
    }
}
