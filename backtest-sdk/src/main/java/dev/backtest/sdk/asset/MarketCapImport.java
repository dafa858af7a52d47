package dev.backtest.sdk.asset;

import java.time.LocalDate;

/**
 * What an import of market caps wrote: the asset, the rows read (a value of a day already stored is replaced), and
 * the first and last day of the file. In JSON: {@code symbol}, {@code rows}, {@code first_date}, {@code last_date}.
 *
 * <pre>{@code
 * MarketCapImport r = client.as(Actor.admin(adminId, null)).assets().importMarketCaps("BTC", Path.of("btc-caps.csv"));
 * System.out.println(r.rows() + " days from " + r.firstDate());
 * }</pre>
 */
public record MarketCapImport(String symbol, int rows, LocalDate firstDate, LocalDate lastDate) {
}
