package dev.candidaterouter.assessment;

/** A backtest was asked for while another one runs (429): one at a time, as each reads every stored candidate. */
public class BacktestRunning extends RuntimeException {
    public BacktestRunning() {
        super("a backtest is running; try again when it is done");
    }
}
