package dev.backtest.sdk.asset;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The assets an index may hold, and their market caps. Everyone reads; only administrators write: the writes of
 * {@link dev.backtest.sdk.BacktestClient#assets()} (acting as no one) are refused with {@link ErrorCode#FORBIDDEN},
 * those of {@code client.as(actor).assets()} are allowed for an actor of kind {@code admin} or {@code admin_token}
 * and recorded in the audit trail ({@code asset.create}, {@code asset.update}, {@code asset.delete},
 * {@code asset.market_caps.import}). Thread-safe.
 *
 * <pre>{@code
 * AssetService admin = client.as(Actor.admin(adminId, requestId)).assets();
 * admin.create(new AssetInput("SPY", "SPDR S&P 500 ETF", "index", null, "USD", "NYSE", true));
 * admin.importMarketCaps("SPY", Path.of("spy-caps.parquet"));          // columns time|date, market_cap
 * Page<AssetView> all = client.assets().list(PageRequest.first(50));
 * }</pre>
 */
public interface AssetService {

    /** Longest asset name, in characters. */
    int MAX_NAME = 200;
    /** Longest sector, in characters. */
    int MAX_SECTOR = 100;
    /** Longest exchange, in characters. */
    int MAX_EXCHANGE = 64;

    /** The assets, one page, by symbol ({@code name} and {@code created_at} sorts alike order by symbol). */
    Page<AssetView> list(PageRequest page);

    /**
     * One asset.
     *
     * @throws BacktestException {@link ErrorCode#ASSET_NOT_FOUND}
     */
    AssetView get(String symbol);

    /**
     * Adds an asset.
     *
     * @throws BacktestException {@link ErrorCode#FORBIDDEN} unless acting as an administrator,
     *         {@link ErrorCode#VALIDATION_FAILED} naming every bad field, {@link ErrorCode#DUPLICATE_NAME} for a symbol
     *         already listed
     */
    AssetView create(AssetInput input);

    /**
     * Changes the fields that are not null (not the symbol).
     *
     * @throws BacktestException {@link ErrorCode#FORBIDDEN}, {@link ErrorCode#ASSET_NOT_FOUND},
     *         {@link ErrorCode#VALIDATION_FAILED}
     */
    AssetView update(String symbol, AssetInput input);

    /**
     * Removes an asset and its market caps. Indexes that hold it keep their definition; their next run is refused.
     *
     * @throws BacktestException {@link ErrorCode#FORBIDDEN}, {@link ErrorCode#ASSET_NOT_FOUND}
     */
    void delete(String symbol);

    /**
     * The asset's market caps from {@code start} to {@code end} (both inclusive, null: open), oldest first.
     *
     * @throws BacktestException {@link ErrorCode#ASSET_NOT_FOUND}
     */
    List<MarketCap> marketCaps(String symbol, LocalDate start, LocalDate end);

    /**
     * Reads a CSV ({@code .csv}) or Parquet ({@code .parquet}) file of columns {@code time} (or {@code date},
     * {@code timestamp}, {@code datetime}: an ISO date or date-time, or unix seconds or milliseconds) and
     * {@code market_cap} (finite, > 0), rows in increasing time, and stores one value per UTC day (a day stored
     * before is replaced), all or nothing.
     *
     * @throws BacktestException {@link ErrorCode#FORBIDDEN}, {@link ErrorCode#ASSET_NOT_FOUND},
     *         {@link ErrorCode#VALIDATION_FAILED} naming the file and its bad rows
     */
    MarketCapImport importMarketCaps(String symbol, Path file);

    /** The error for a symbol that is not in the assets table. */
    static BacktestException notFound(String symbol) {
        return BacktestException.of(ErrorCode.ASSET_NOT_FOUND, "no asset '" + symbol + "'; list them with GET /api/v1/assets")
                .with("symbol", String.valueOf(symbol));
    }
}
