package dev.backtest.sdk.trade.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.ChangedFields;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.backtest.internal.Backtests;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;
import dev.backtest.sdk.trade.RecordedTrade;
import dev.backtest.sdk.trade.TradeInput;
import dev.backtest.sdk.trade.TradeService;
import dev.backtest.sdk.trade.TradeSide;
import dev.backtest.sdk.trade.TradeView;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link TradeService} on the database. Each recorded trade adds one audit event ({@code trade.create}) inside the
 * transaction that a lost race runs again: the attempt that rolled back took its event with it, so one trade has one
 * event.
 *
 * <pre>{@code
 * TradeService service = new JpaTradeService(database, auditor);
 * }</pre>
 */
public final class JpaTradeService implements TradeService {

    private static final int CASH_SCALE = 8;
    private static final int QUANTITY_SCALE = 10;

    private final Database database;
    private final Auditor auditor;

    /** With an audit trail of its own (recording kind user). */
    public JpaTradeService(Database database) {
        this(database, new Auditor(database));
    }

    /** Recording its writes through {@code auditor} (its actor kind and request id). */
    public JpaTradeService(Database database, Auditor auditor) {
        this.database = Objects.requireNonNull(database, "database");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
    }

    @Override
    public RecordedTrade record(UUID userId, TradeInput input) {
        Objects.requireNonNull(userId, "userId");
        TradeInput in = input == null ? new TradeInput(null, null, null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        errors.require("backtest_id", in.backtestId());
        if (errors.require("symbol", in.symbol()) && !Symbols.valid(in.symbol())) {
            errors.add("symbol", "must be 1-20 characters of A-Z 0-9 . _ - (for example BTC); got '" + shorten(in.symbol()) + "'");
        }
        TradeSide side = null;
        if (errors.require("side", in.side())) {
            side = switch (in.side()) {
                case "buy" -> TradeSide.BUY;
                case "sell" -> TradeSide.SELL;
                default -> {
                    errors.add("side", "must be buy or sell; got '" + shorten(in.side()) + "'");
                    yield null;
                }
            };
        }
        BigDecimal quantity = decimal(errors, "quantity", in.quantity(), true, false);
        BigDecimal price = decimal(errors, "price", in.price(), true, false);
        BigDecimal commission = decimal(errors, "commission", in.commission(), false, true);
        if (errors.require("executed_at", in.executedAt())
                && (in.executedAt().getYear() < 1970 || in.executedAt().getYear() > 2100)) {
            errors.add("executed_at", "must be from 1970 to 2100; got " + in.executedAt());
        }
        errors.throwIfAny();
        OffsetDateTime executedAt = in.executedAt().withOffsetSameInstant(ZoneOffset.UTC);
        TradeSide s = side;
        return auditor.inTransactionRetryingRaces(em -> recordOnce(em, userId, in, s, quantity, price, commission, executedAt));
    }

    private RecordedTrade recordOnce(EntityManager em, UUID userId, TradeInput in, TradeSide side, BigDecimal quantity,
                                     BigDecimal price, BigDecimal givenCommission, OffsetDateTime executedAt) {
        Backtest b = Backtests.owned(em, userId, in.backtestId());
        b.requireIdle("traded on");
        if (!b.getSymbol().equals(in.symbol())) {
            throw FieldErrors.single("symbol", "must be the backtest's symbol " + b.getSymbol() + "; got '" + shorten(in.symbol()) + "'");
        }
        BigDecimal commission = givenCommission != null ? givenCommission
                : b.getCommission().multiply(quantity).multiply(price).setScale(QUANTITY_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal gross = quantity.multiply(price);
        if (side == TradeSide.BUY) {
            BigDecimal required = cashScale(gross.add(commission));
            if (required.compareTo(b.getCash()) > 0) {
                throw BacktestException.of(ErrorCode.INSUFFICIENT_CAPITAL, "buying " + quantity.toPlainString() + " at "
                                + price.toPlainString() + " costs " + required.toPlainString() + " with commission; cash is "
                                + b.getCash().toPlainString())
                        .with("required", required).with("available", b.getCash().stripTrailingZeros());
            }
        } else {
            if (quantity.compareTo(b.getPositionQuantity()) > 0) {
                throw BacktestException.of(ErrorCode.INSUFFICIENT_POSITION, "selling " + quantity.toPlainString()
                                + " exceeds the position of " + b.getPositionQuantity().stripTrailingZeros().toPlainString()
                                + "; manual trades cannot open a short position")
                        .with("required", quantity).with("available", b.getPositionQuantity().stripTrailingZeros());
            }
            BigDecimal proceeds = cashScale(gross.subtract(commission));
            if (b.getCash().add(proceeds).signum() < 0) {
                throw BacktestException.of(ErrorCode.INSUFFICIENT_CAPITAL, "the commission " + commission.toPlainString()
                                + " exceeds the sale's proceeds plus the cash")
                        .with("required", proceeds.negate()).with("available", b.getCash().stripTrailingZeros());
            }
        }
        Trade t = new Trade(userId, b.getId(), in.symbol(), side, quantity, price, commission, executedAt);
        em.persist(t);
        // written with the trade: an attempt that loses the race below rolls both back, and the retry writes both again
        auditor.record(em, "trade.create", "trade", t.getId(), userId, new ChangedFields().given("backtest_id", in.backtestId())
                .given("symbol", in.symbol()).given("side", in.side()).given("quantity", in.quantity()).given("price", in.price())
                .given("executed_at", in.executedAt()).given("commission", in.commission()).list());
        em.flush();
        List<Trade> all = em.createQuery("select t from Trade t where t.backtestId = :b and t.deletedAt is null "
                + "order by t.executedAt, t.createdAt, t.id", Trade.class).setParameter("b", b.getId()).getResultList();
        apply(b, replay(b.getInitialCapital(), all));
        // The version check happens here: a concurrent writer that committed first makes this fail.
        em.flush();
        StrategyDefinition strategy = b.getStrategyId().map(id -> em.find(StrategyDefinition.class, id)).orElse(null);
        return new RecordedTrade(view(t), b.view(strategy));
    }

    /** The figures a backtest's trades add up to (see the class comment for the definitions). */
    record Replay(BigDecimal cash, BigDecimal position, BigDecimal finalCapital, Double totalReturnPct, Double winRatePct, int trades) {
    }

    static Replay replay(BigDecimal initialCapital, List<Trade> ordered) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal cash = initialCapital;
        BigDecimal position = BigDecimal.ZERO;
        BigDecimal costBasis = BigDecimal.ZERO;
        BigDecimal lastPrice = null;
        int sells = 0;
        int wins = 0;
        for (Trade t : ordered) {
            BigDecimal gross = t.getQuantity().multiply(t.getPrice());
            if (t.getSide() == TradeSide.BUY) {
                BigDecimal cost = gross.add(t.getCommission());
                cash = cash.subtract(cashScale(cost));
                position = position.add(t.getQuantity());
                costBasis = costBasis.add(cost);
            } else {
                BigDecimal proceeds = gross.subtract(t.getCommission());
                cash = cash.add(cashScale(proceeds));
                BigDecimal averageCost = position.signum() > 0 ? costBasis.divide(position, mc) : BigDecimal.ZERO;
                BigDecimal soldCost = averageCost.multiply(t.getQuantity(), mc);
                sells++;
                if (proceeds.compareTo(soldCost) > 0) {
                    wins++;
                }
                position = position.subtract(t.getQuantity());
                costBasis = position.signum() > 0 ? costBasis.subtract(soldCost, mc).max(BigDecimal.ZERO) : BigDecimal.ZERO;
            }
            lastPrice = t.getPrice();
        }
        BigDecimal finalCapital = lastPrice == null ? cash : cashScale(cash.add(position.multiply(lastPrice)));
        double totalReturn = finalCapital.subtract(initialCapital).divide(initialCapital, mc).doubleValue() * 100.0;
        return new Replay(cash, position, finalCapital, ordered.isEmpty() ? null : totalReturn,
                sells == 0 ? null : wins * 100.0 / sells, ordered.size());
    }

    private static void apply(Backtest b, Replay r) {
        b.setCash(r.cash());
        b.setPositionQuantity(r.position());
        b.setMetrics(r.finalCapital(), r.totalReturnPct(), b.getSharpeRatio(), b.getMaxDrawdownPct(), r.winRatePct(), r.trades());
    }

    @Override
    public Page<TradeView> list(UUID userId, UUID backtestId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        String order = page.sort() == PageRequest.Sort.CREATED_AT_DESC ? " order by t.executedAt desc, t.createdAt desc, t.id desc"
                : " order by t.executedAt, t.createdAt, t.id";
        return database.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            String where = " from Trade t where t.backtestId = :b and t.deletedAt is null";
            long total = em.createQuery("select count(t)" + where, Long.class).setParameter("b", b.getId()).getSingleResult();
            List<TradeView> items = em.createQuery("select t" + where + order, Trade.class).setParameter("b", b.getId())
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream().map(JpaTradeService::view).toList();
            return page.page(items, total);
        });
    }

    static TradeView view(Trade t) {
        return new TradeView(t.getId(), t.getBacktestId(), t.getSymbol(), t.getSide().wire(), plain(t.getQuantity()), plain(t.getPrice()),
                plain(t.getCommission()), t.getExecutedAt(), t.getCreatedAt());
    }

    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static BigDecimal cashScale(BigDecimal v) {
        return v.setScale(CASH_SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal decimal(FieldErrors errors, String field, BigDecimal value, boolean required, boolean zeroAllowed) {
        if (value == null) {
            if (required) {
                errors.add(field, "is required");
            }
            return null;
        }
        BigDecimal v = errors.amount(field, value, MAX_AMOUNT, zeroAllowed);
        if (v != null && v.stripTrailingZeros().scale() > QUANTITY_SCALE) {
            errors.add(field, "must have at most " + QUANTITY_SCALE + " decimals; got " + FieldErrors.shown(value));
            return null;
        }
        return v;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
