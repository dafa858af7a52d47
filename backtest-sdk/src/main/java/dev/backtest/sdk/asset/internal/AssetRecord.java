package dev.backtest.sdk.asset.internal;

import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.asset.AssetView;
import dev.backtest.sdk.persistence.internal.AuditedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An asset as stored in {@code assets}.
 *
 * <pre>{@code
 * AssetRecord a = Assets.find(em, "BTC").orElseThrow();
 * AssetView view = a.view();
 * }</pre>
 */
@Entity
@Table(name = "assets")
public class AssetRecord extends AuditedEntity {

    @Column(name = "symbol", nullable = false, updatable = false, length = 20)
    private String symbol;

    @Column(name = "name", nullable = false, length = 200)
    private String name;

    @Column(name = "asset_class", nullable = false, length = 16)
    private String assetClass;

    @Column(name = "sector", length = 100)
    private String sector;

    @Column(name = "currency", nullable = false, length = 12)
    private String currency;

    @Column(name = "exchange", length = 64)
    private String exchange;

    @Column(name = "active", nullable = false)
    private boolean active;

    protected AssetRecord() {
        // for JPA
    }

    public AssetRecord(String symbol, String name, AssetClass assetClass, String currency) {
        this.symbol = symbol;
        this.name = name;
        this.assetClass = assetClass.wire();
        this.currency = currency;
        this.active = true;
    }

    public String getSymbol() { return symbol; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public AssetClass getAssetClass() { return AssetClass.fromWire(assetClass); }
    public void setAssetClass(AssetClass c) { this.assetClass = c.wire(); }
    public String getSector() { return sector; }
    public void setSector(String sector) { this.sector = sector; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public String getExchange() { return exchange; }
    public void setExchange(String exchange) { this.exchange = exchange; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }

    public AssetView view() {
        return new AssetView(symbol, name, getAssetClass(), sector, currency, exchange, active, getCreatedAt(), getUpdatedAt());
    }
}
