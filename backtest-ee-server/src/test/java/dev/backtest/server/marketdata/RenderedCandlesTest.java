package dev.backtest.server.marketdata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedCandlesTest {

    @Test
    void theRenderedAnswersKeep32MiBOrAThirtySecondOfASmallHeap() {
        assertThat(RenderedCandles.maxTotalBytes(494L << 20)).isEqualTo((494L << 20) / 32);
        assertThat(RenderedCandles.maxTotalBytes(4L << 30)).isEqualTo(32L << 20);
        assertThat(RenderedCandles.MAX_TOTAL_BYTES).isEqualTo(RenderedCandles.maxTotalBytes(Runtime.getRuntime().maxMemory()));
    }
}
