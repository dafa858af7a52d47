package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Orders, trades and cash of one run (docs/engine.md, "Orders, sizing and costs"). One instance per run, single-threaded.
 *
 * <p>Order of processing on bar {@code i}: (1) requested closes ({@code position.close()}, {@code trade.close()},
 * exclusive orders) at the market price; (2) stop-loss / take-profit of open trades, oldest trade first, SL
 * before TP; (3) pending orders in the order they were placed; a market order that opens a trade with SL/TP
 * has them checked on the same bar (the entry was at the open, the rest of the bar follows).
 *
 * <p>Available margin is marked at the market price of the step (the bar's open, or the previous close with
 * trade-on-close), not at the bar's close: the close is not known when the open fills.
 */
final class Broker {

    /** The 1 − 2⁻⁵² guard of docs/engine.md, so that rounding never makes a sized order cost more than the margin. */
    private static final double ONE_MINUS_EPS = 1 - 0x1p-52;

    private final Bars bars;
    private final RunOptions o;
    private final Cursor cursor;
    private final double slip;
    private double cash;
    /**
     * Open trades, oldest first, in a plain array: the loop reads them on every bar (equity), and an array spares the
     * list's indirections and checks there.
     */
    private OpenTrade[] openTrades = new OpenTrade[4];
    private int openCount;
    private final List<ClosedTrade> closed = new ArrayList<>();
    private final List<PendingOrder> orders = new ArrayList<>();
    private final List<PendingOrder> closeRequests = new ArrayList<>();
    private final List<OpenTrade> tradesView = new OpenTradesView();
    private final List<ClosedTrade> closedView = Collections.unmodifiableList(closed);
    private final List<String> log = new ArrayList<>();
    private final Position position = new Position(this);
    /**
     * Whether the next bar may need a step: set when an order or close request is placed, recomputed after each
     * step. True when unsure (a step with nothing to do changes nothing).
     */
    private boolean stepNeeded;
    /** The open of the loop's current bar, written on every bar so the loop reads the open column as it goes. */
    double lastOpen;
    /** Open trades with a stop-loss or take-profit: while there are none, a bar without orders needs no step. */
    private int tradesWithStops;

    /**
     * Filled, cancelled and executed entries, kept for reuse: a run places orders by the ten thousand, and
     * a fresh object for each costs more (cold memory) than the order's whole processing.
     */
    private final List<PendingOrder> spare = new ArrayList<>();

    /** The strategy's read-only view of the open trades. */
    private final class OpenTradesView extends AbstractList<OpenTrade> implements RandomAccess {
        @Override
        public OpenTrade get(int index) {
            Objects.checkIndex(index, openCount);
            return openTrades[index];
        }

        @Override
        public int size() {
            return openCount;
        }
    }

    private void addOpen(OpenTrade t) {
        if (openCount == openTrades.length) {
            openTrades = Arrays.copyOf(openTrades, openCount * 2);
        }
        openTrades[openCount++] = t;
    }

    private boolean isOpen(OpenTrade t) {
        for (int k = 0; k < openCount; k++) {
            if (openTrades[k] == t) {
                return true;
            }
        }
        return false;
    }

    private void removeOpen(OpenTrade t) {
        for (int k = 0; k < openCount; k++) {
            if (openTrades[k] == t) {
                System.arraycopy(openTrades, k + 1, openTrades, k, openCount - k - 1);
                openTrades[--openCount] = null;
                return;
            }
        }
    }

    /** A pending order (parent == null) or a requested close of {@code units} of {@code parent}. Reused. */
    private static final class PendingOrder {
        boolean isLong;
        Order order;
        double stop;
        OpenTrade parent;
        double units;
        int placedBar;
    }

    private PendingOrder pending(boolean isLong, Order order, OpenTrade parent, double units) {
        PendingOrder p = spare.isEmpty() ? new PendingOrder() : spare.remove(spare.size() - 1);
        p.isLong = isLong;
        p.order = order;
        p.stop = order == null ? Double.NaN : order.stop();
        p.parent = parent;
        p.units = units;
        p.placedBar = cursor.bar;
        return p;
    }

    private void recycle(PendingOrder p) {
        p.order = null;
        p.parent = null;
        spare.add(p);
    }

    private void recycleAll(List<PendingOrder> list) {
        for (int k = 0; k < list.size(); k++) {
            recycle(list.get(k));
        }
        list.clear();
    }

    Broker(Bars bars, RunOptions options, Cursor cursor) {
        this.bars = bars;
        this.o = options;
        this.cursor = cursor;
        this.cash = options.cash();
        this.slip = options.slippageBps() / 10_000;
    }

    // ---- views for the strategy ----

    Position position() { return position; }
    double cash() { return cash; }
    List<OpenTrade> openTradesView() { return tradesView; }
    List<ClosedTrade> closedTradesView() { return closedView; }
    List<ClosedTrade> closedTrades() { return closed; }
    List<String> log() { return log; }

    double currentClose() {
        return bars.close()[Math.max(cursor.bar, 0)];
    }

    double netSize() {
        double s = 0;
        for (int k = 0; k < openCount; k++) {
            s += openTrades[k].size;
        }
        return s;
    }

    double openPl(double price) {
        double pl = 0;
        for (int k = 0; k < openCount; k++) {
            OpenTrade t = openTrades[k];
            pl += t.size * (price - t.entryPrice);
        }
        return pl;
    }

    double equityAt(double price) {
        return cash + openPl(price);
    }

    /** {@code max(0, equity − Σ |size|·price)} marked at {@code price}. */
    double available(double price) {
        double exposure = 0;
        for (int k = 0; k < openCount; k++) {
            exposure += Math.abs(openTrades[k].size) * price;
        }
        return Math.max(0, equityAt(price) - exposure);
    }

    /** Whether bar {@code i}'s step can fill or close anything: pending orders, requested closes, or stops to check. */
    boolean needsStep() {
        return stepNeeded;
    }

    void warn(String message) {
        log.add("bar " + cursor.bar + ": " + message);
    }

    private void warnAt(int bar, String message) {
        log.add("bar " + bar + ": " + message);
    }

    // ---- placing ----

    void place(boolean isLong, Order order) {
        validate(isLong, order);
        if (o.exclusiveOrders()) {
            recycleAll(orders);
            closeAll(1.0);
        }
        orders.add(pending(isLong, order, null, 0));
        stepNeeded = true;
    }

    private void validate(boolean isLong, Order order) {
        double size = order.size();
        String side = isLong ? "buy" : "sell";
        if (!Double.isNaN(size)) {
            if (!(size > 0) || Double.isInfinite(size)) {
                throw invalidOrder(side + " size must be > 0 and finite, got " + size);
            }
            boolean units = order.unitCount() || size >= 1;
            if (units && !o.fractionalUnits() && size != Math.rint(size)) {
                throw invalidOrder(side + " size " + size + " is not a whole number of units; use a fraction in (0, 1)"
                        + " or turn on fractional units");
            }
        }
        checkOrderPrice(side, order, order.limit());
        checkOrderPrice(side, order, order.stop());
        checkOrderPrice(side, order, order.sl());
        checkOrderPrice(side, order, order.tp());
        // The reference price: where the order is expected to fill.
        double ref = !Double.isNaN(order.limit()) ? order.limit() : !Double.isNaN(order.stop()) ? order.stop() : currentClose();
        if (isLong) {
            if (!Double.isNaN(order.sl()) && !(order.sl() < ref) || !Double.isNaN(order.tp()) && !(order.tp() > ref)) {
                throw invalidOrder("buy needs sl < " + ref + " < tp (limit, stop or current close), got sl=" + order.sl()
                        + " tp=" + order.tp());
            }
        } else if (!Double.isNaN(order.sl()) && !(order.sl() > ref) || !Double.isNaN(order.tp()) && !(order.tp() < ref)) {
            throw invalidOrder("sell needs tp < " + ref + " < sl (limit, stop or current close), got sl=" + order.sl()
                    + " tp=" + order.tp());
        }
    }

    private static void checkOrderPrice(String side, Order order, double price) {
        if (!Double.isNaN(price) && !(price > 0 && price < Double.POSITIVE_INFINITY)) {
            throw invalidOrder(side + " order prices must be > 0 and finite, got " + order);
        }
    }

    private static BacktestException invalidOrder(String message) {
        return BacktestException.of(ErrorCode.INVALID_ORDER, message);
    }

    void requestClose(OpenTrade trade, double units) {
        closeRequests.add(pending(trade.size < 0, null, trade, units));
        stepNeeded = true;
    }

    void closeAll(double portion) {
        if (!(portion > 0 && portion <= 1)) {
            throw invalidOrder("close portion must be in (0, 1], got " + portion);
        }
        for (int k = 0; k < openCount; k++) {
            OpenTrade t = openTrades[k];
            requestClose(t, portion == 1.0 ? Math.abs(t.size) : portionUnits(Math.abs(t.size), portion));
        }
    }

    double portionUnits(double units, double portion) {
        if (!(portion > 0 && portion <= 1)) {
            throw invalidOrder("close portion must be in (0, 1], got " + portion);
        }
        return o.fractionalUnits() ? units * portion : Math.min(units, Math.max(1, Math.rint(units * portion)));
    }

    void cancelPending() {
        recycleAll(orders);
    }

    // ---- the broker step ----

    /**
     * Fills what can be filled on bar {@code i}; {@code marketPrice} and {@code marketBar} are where market orders
     * fill (open[i] and i, or close[i−1] and i−1 with trade-on-close).
     */
    void step(int i, double marketPrice, int marketBar) {
        double open = bars.open()[i];
        if (!closeRequests.isEmpty()) {
            for (int k = 0; k < closeRequests.size(); k++) {
                PendingOrder c = closeRequests.get(k);
                OpenTrade t = c.parent;
                if (t.size != 0 && isOpen(t)) {
                    double units = Math.min(c.units, Math.abs(t.size));
                    closeUnits(t, units, slipped(marketPrice, t.size < 0), marketBar);
                }
            }
            recycleAll(closeRequests);
        }
        for (int k = 0; k < openCount; ) {
            OpenTrade t = openTrades[k];
            if (checkStops(t, i, open)) {
                continue; // t was removed; the next trade moved to index k
            }
            k++;
        }
        if (!orders.isEmpty()) {
            for (int k = 0; k < orders.size(); ) {
                PendingOrder p = orders.get(k);
                if (processOrder(p, i, open, marketPrice, marketBar)) {
                    orders.remove(k);
                    recycle(p);
                } else {
                    k++;
                }
            }
        }
        stepNeeded = tradesWithStops > 0 || !orders.isEmpty() || !closeRequests.isEmpty();
    }

    /** Stop-loss then take-profit of one trade on bar i; true if the trade was closed. */
    private boolean checkStops(OpenTrade t, int i, double open) {
        double high = bars.high()[i];
        double low = bars.low()[i];
        if (t.size > 0) {
            if (!Double.isNaN(t.sl) && low <= t.sl) {
                closeUnits(t, t.size, slipped(Math.min(open, t.sl), false), i);
                return true;
            }
            if (!Double.isNaN(t.tp) && high >= t.tp) {
                closeUnits(t, t.size, Math.max(open, t.tp), i);
                return true;
            }
        } else {
            if (!Double.isNaN(t.sl) && high >= t.sl) {
                closeUnits(t, -t.size, slipped(Math.max(open, t.sl), true), i);
                return true;
            }
            if (!Double.isNaN(t.tp) && low <= t.tp) {
                closeUnits(t, -t.size, Math.min(open, t.tp), i);
                return true;
            }
        }
        return false;
    }

    private double slipped(double price, boolean buying) {
        return slip == 0 ? price : buying ? price * (1 + slip) : price * (1 - slip);
    }

    /** Tries one pending order; true if it is done (filled or cancelled), false if it stays pending. */
    private boolean processOrder(PendingOrder p, int i, double open, double marketPrice, int marketBar) {
        Order order = p.order;
        if (Double.isNaN(p.stop) && Double.isNaN(order.limit())) { // a market order: no need of high and low
            fill(p, p.isLong, slipped(marketPrice, p.isLong), marketBar, marketPrice, i, true);
            return true;
        }
        // read only here: the loop does not stream high and low, a read is a cache miss
        double high = bars.high()[i];
        double low = bars.low()[i];
        boolean isLong = p.isLong;
        double stopPrice = p.stop;
        boolean triggeredNow = false;
        if (!Double.isNaN(stopPrice)) {
            boolean hit = isLong ? high >= stopPrice : low <= stopPrice;
            if (!hit) {
                return false;
            }
            p.stop = Double.NaN; // a touched stop-limit becomes a plain limit order
            triggeredNow = true;
        }
        double price;
        boolean market;
        double limit = order.limit();
        if (!Double.isNaN(limit)) {
            boolean limitHit = isLong ? low <= limit : high >= limit;
            // Touched in the same bar as the stop, but at a price the bar reached before the stop: not fillable.
            boolean limitBeforeStop = limitHit && triggeredNow && (isLong ? limit <= stopPrice : limit >= stopPrice);
            if (!limitHit || limitBeforeStop) {
                return false;
            }
            double from = triggeredNow ? stopPrice : open;
            price = isLong ? Math.min(from, limit) : Math.max(from, limit);
            market = false;
        } else if (triggeredNow) {
            price = slipped(isLong ? Math.max(open, stopPrice) : Math.min(open, stopPrice), isLong);
            market = false;
        } else {
            price = slipped(marketPrice, isLong);
            market = true;
        }
        int fillBar = market ? marketBar : i;
        double mark = market ? marketPrice : open;
        fill(p, isLong, price, fillBar, mark, i, market);
        return true;
    }

    private void fill(PendingOrder p, boolean isLong, double price, int fillBar, double mark, int i, boolean market) {
        Order order = p.order;
        double c = o.commission();
        double adjusted = isLong ? price * (1 + o.spread()) : price * (1 - o.spread());
        double perUnit = adjusted + c * price;
        double need;
        double size = order.size();
        if (Double.isNaN(size) || (!order.unitCount() && size < 1)) {
            double fraction = Double.isNaN(size) ? 1 : size;
            double budget = available(mark) * fraction * ONE_MINUS_EPS - o.fixedCommission();
            need = budget / perUnit;
            if (!o.fractionalUnits()) {
                need = Math.floor(need);
            }
            if (!(need > 0)) {
                warnAt(i, (isLong ? "buy" : "sell") + " placed on bar " + p.placedBar + " cancelled: zero units affordable at "
                        + price + " with available margin " + available(mark));
                return;
            }
        } else {
            need = size;
        }
        // Net against opposite trades first, oldest first, at the unadjusted fill price.
        for (int k = 0; k < openCount && need > 0; ) {
            OpenTrade t = openTrades[k];
            if ((t.size > 0) == isLong) {
                k++;
                continue;
            }
            double abs = Math.abs(t.size);
            if (need >= abs) {
                closeUnits(t, abs, price, fillBar);
                need -= abs;
            } else {
                closeUnits(t, need, price, fillBar);
                need = 0;
                k++;
            }
        }
        if (need <= 0) {
            return;
        }
        double avail = available(mark);
        if (need * perUnit + o.fixedCommission() > avail) {
            warnAt(i, (isLong ? "buy" : "sell") + " of " + need + " units placed on bar " + p.placedBar
                    + " cancelled: costs " + (need * perUnit + o.fixedCommission()) + " but available margin is " + avail);
            return;
        }
        double entryCommission = c * need * adjusted + o.fixedCommission();
        cash -= entryCommission;
        OpenTrade t = new OpenTrade(this, isLong ? need : -need, adjusted, fillBar, bars.time()[fillBar], order.sl(), order.tp(),
                entryCommission);
        addOpen(t);
        if (hasStops(t)) {
            tradesWithStops++;
        }
        if (market && (!Double.isNaN(order.sl()) || !Double.isNaN(order.tp()))) {
            checkStops(t, i, bars.open()[i]);
        }
    }

    /** Closes {@code units > 0} of {@code t} at {@code exitPrice} on bar {@code exitBar}. */
    void closeUnits(OpenTrade t, double units, double exitPrice, int exitBar) {
        double abs = Math.abs(t.size);
        double sign = Math.signum(t.size);
        boolean whole = units >= abs;
        double portion = whole ? 1 : units / abs;
        double entryPart = whole ? t.entryCommission : t.entryCommission * portion;
        double exitCommission = o.commission() * units * exitPrice + o.fixedCommission();
        double signed = sign * (whole ? abs : units);
        double gross = signed * (exitPrice - t.entryPrice);
        cash += gross - exitCommission;
        double commission = entryPart + exitCommission;
        double pnl = gross - commission;
        double ret = sign * (exitPrice / t.entryPrice - 1) - commission / (Math.abs(signed) * t.entryPrice);
        closed.add(new ClosedTrade(signed, t.entryBar, exitBar, t.entryPrice, exitPrice, t.entryTime, bars.time()[exitBar],
                commission, pnl, ret));
        if (whole) {
            t.size = 0;
            removeOpen(t);
            if (hasStops(t)) {
                tradesWithStops--;
            }
        } else {
            t.size -= signed;
            t.entryCommission -= entryPart;
        }
    }

    private static boolean hasStops(OpenTrade t) {
        return !Double.isNaN(t.sl) || !Double.isNaN(t.tp);
    }

    /** Closes every open trade at {@code price} on bar {@code bar} (stop-out, finalize). */
    void closeAllNow(double price, int bar) {
        while (openCount > 0) {
            OpenTrade t = openTrades[0];
            closeUnits(t, Math.abs(t.size), price, bar);
        }
    }

    void setCash(double value) {
        cash = value;
    }

    boolean hasPending() {
        return !orders.isEmpty() || !closeRequests.isEmpty();
    }
}
