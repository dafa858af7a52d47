package dev.backtest.sdk.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Asset;
import dev.backtest.engine.portfolio.Fill;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.run.RunResults;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultExportsTest {

    /** A daily random walk, long enough for a few crossings. */
    static CandleSeries walk(String symbol, int days, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[days];
        double[] o = new double[days], h = new double[days], l = new double[days], c = new double[days], v = new double[days];
        double p = 100;
        for (int i = 0; i < days; i++) {
            t[i] = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() + i * 86_400L;
            o[i] = p;
            p *= 1 + 0.02 * r.nextGaussian();
            c[i] = p;
            h[i] = Math.max(o[i], p) * 1.01;
            l[i] = Math.min(o[i], p) * 0.99;
            v[i] = 1000;
        }
        return CandleSeries.of(symbol, Timeframe.D1, t, o, h, l, c, v);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
            return p.getRecords();
        }
    }

    private static List<String> header(String csv) {
        return List.of(csv.substring(0, csv.indexOf("\r\n")).split(","));
    }

    @Test
    void tradesCsvParsesBackToTheEngineNumbers() throws IOException {
        CandleSeries s = walk("X", 400, 7);
        BacktestResult r = Engine.run(s, Strategies.smaCross(5, 20, Direction.LONG_SHORT), RunOptions.defaults());
        String csv = ResultExports.tradesCsv(r.trades());
        assertThat(header(csv)).isEqualTo(ResultExports.TRADE_COLUMNS);
        assertThat(csv).contains("\r\n");
        List<CSVRecord> rows = parse(csv);
        assertThat(rows).hasSize(r.trades().size()).hasSizeGreaterThan(3);
        for (int i = 0; i < rows.size(); i++) {
            ClosedTrade t = r.trades().get(i);
            CSVRecord row = rows.get(i);
            assertThat(Integer.parseInt(row.get("seq"))).isEqualTo(i + 1);
            assertThat(Instant.parse(row.get("entry_time")).getEpochSecond()).isEqualTo(t.entryTime());
            assertThat(Instant.parse(row.get("exit_time")).getEpochSecond()).isEqualTo(t.exitTime());
            assertThat(row.get("side")).isEqualTo(t.size() < 0 ? "short" : "long");
            assertThat(Double.parseDouble(row.get("size"))).isEqualTo(t.size());
            assertThat(Double.parseDouble(row.get("entry_price"))).isEqualTo(t.entryPrice());
            assertThat(Double.parseDouble(row.get("exit_price"))).isEqualTo(t.exitPrice());
            assertThat(Double.parseDouble(row.get("commission"))).isEqualTo(t.commission());
            assertThat(Double.parseDouble(row.get("pnl"))).isEqualTo(t.pnl());
            assertThat(Double.parseDouble(row.get("return_pct"))).isEqualTo(t.returnPct());
            assertThat(Integer.parseInt(row.get("bars_held"))).isEqualTo(t.exitBar() - t.entryBar());
            assertThat(Double.parseDouble(row.get("duration_days"))).isEqualTo(t.durationDays());
        }
        assertThat(rows.stream().map(x -> x.get("side")).distinct()).containsExactlyInAnyOrder("long", "short");
    }

    @Test
    void equityCsvHasOneRowABarWithDrawdown() throws IOException {
        CandleSeries s = walk("X", 120, 3);
        BacktestResult r = Engine.run(s, Strategies.smaCross(5, 20), RunOptions.defaults());
        String csv = ResultExports.equityCsv(r, s);
        assertThat(header(csv)).isEqualTo(ResultExports.EQUITY_COLUMNS);
        List<CSVRecord> rows = parse(csv);
        assertThat(rows).hasSize(s.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(Integer.parseInt(rows.get(i).get("bar"))).isEqualTo(i);
            assertThat(Instant.parse(rows.get(i).get("time")).getEpochSecond()).isEqualTo(s.time()[i]);
            assertThat(Double.parseDouble(rows.get(i).get("equity"))).isEqualTo(r.equity()[i]);
            assertThat(Double.parseDouble(rows.get(i).get("drawdown"))).isEqualTo(r.drawdown()[i]);
        }
        assertThatThrownBy(() -> ResultExports.equityCsv(r, s.slice(0, 10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsJsonHasTheEngineNames() throws IOException {
        CandleSeries s = walk("X", 200, 5);
        BacktestResult r = Engine.run(s, Strategies.smaCross(5, 20), RunOptions.defaults());
        JsonNode json = new ObjectMapper().readTree(ResultExports.statsJson(r.stats()));
        assertThat(json.path("trades").asInt()).isEqualTo(r.stats().trades());
        assertThat(json.path("equity_final").asDouble()).isEqualTo(r.stats().equityFinal());
        assertThat(json.path("sharpe_ratio").isNumber() || json.path("sharpe_ratio").isNull()).isTrue();
    }

    @Test
    void storedRunRowsUseTheSameColumns() throws IOException {
        OffsetDateTime entry = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        RunResults.TradeRow row = new RunResults.TradeRow(1, new BigDecimal("-2.5"), 3, 7, entry, entry.plusHours(36),
                new BigDecimal("100.125"), new BigDecimal("90"), new BigDecimal("0.4"), new BigDecimal("24.9125"), 0.0995);
        List<CSVRecord> trades = parse(ResultExports.runTradesCsv(List.of(row)));
        assertThat(trades).hasSize(1);
        assertThat(trades.get(0).get("side")).isEqualTo("short");
        assertThat(trades.get(0).get("size")).isEqualTo("-2.5");
        assertThat(trades.get(0).get("entry_price")).isEqualTo("100.125");
        assertThat(trades.get(0).get("bars_held")).isEqualTo("4");
        assertThat(trades.get(0).get("duration_days")).isEqualTo("1.5");
        assertThat(trades.get(0).get("exit_time")).isEqualTo("2024-01-02T12:00:00Z");
        RunResults.EquityCurve curve = new RunResults.EquityCurve(new int[] {0, 5}, new long[] {0, 3600}, new double[] {100, 90},
                new double[] {0, 0.1});
        List<CSVRecord> eq = parse(ResultExports.equityCsv(curve));
        assertThat(eq).extracting(x -> x.get("bar")).containsExactly("0", "5");
        assertThat(eq.get(1).get("drawdown")).isEqualTo("0.1");
        assertThat(eq.get(1).get("time")).isEqualTo("1970-01-01T01:00:00Z");
        assertThat(new Page<>(List.of(row), 1, 50, 0, null).items()).hasSize(1);
    }

    @Test
    void portfolioFillsAndEquity() throws IOException {
        Portfolio p = Portfolio.builder().asset(Asset.of("A", walk("A", 100, 1))).asset(Asset.of("B", walk("B", 100, 2)))
                .options(PortfolioOptions.builder().weighting(Weighting.equal()).schedule(Schedule.parse("monthly")).build()).build();
        PortfolioResult r = p.run();
        List<CSVRecord> fills = parse(ResultExports.fillsCsv(r.fills()));
        assertThat(fills).hasSize(r.fills().size()).isNotEmpty();
        Fill f = r.fills().get(0);
        assertThat(fills.get(0).get("symbol")).isEqualTo(f.symbol());
        assertThat(Double.parseDouble(fills.get(0).get("units"))).isEqualTo(f.units());
        List<CSVRecord> eq = parse(ResultExports.equityCsv(r));
        assertThat(eq).hasSize(r.time().length);
        assertThat(Double.parseDouble(eq.get(eq.size() - 1).get("equity"))).isEqualTo(r.equity()[r.equity().length - 1]);
    }

    @Test
    void undefinedNumbersAreEmptyAndWriteCreatesTheDirectory() throws IOException {
        RunResults.EquityCurve curve = new RunResults.EquityCurve(new int[] {0}, new long[] {0}, new double[] {Double.NaN},
                new double[] {0});
        assertThat(parse(ResultExports.equityCsv(curve)).get(0).get("equity")).isEmpty();
        Path dir = Files.createTempDirectory("exports");
        Path file = dir.resolve("a/b/stats.json");
        ResultExports.write(file, "{}");
        assertThat(Files.readString(file)).isEqualTo("{}");
        Files.writeString(dir.resolve("blocker"), "x");
        assertThatThrownBy(() -> ResultExports.write(dir.resolve("blocker/x.csv"), "y")).hasMessageContaining("cannot write");
    }
}
