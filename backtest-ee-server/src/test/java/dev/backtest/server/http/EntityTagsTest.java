package dev.backtest.server.http;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTagsTest {

    private static final String TAG = "W/\"abc\"";

    private static boolean fails(String... values) {
        return EntityTags.noneMatchFails(values == null ? null : Arrays.asList(values), TAG);
    }

    @Test
    void weakComparisonOfOneTagAListOrAnyTag() {
        assertThat(fails("W/\"abc\"")).isTrue();
        assertThat(fails("\"abc\"")).as("weakness is ignored").isTrue();
        assertThat(fails("\"x\", W/\"y\" ,W/\"abc\"")).isTrue();
        assertThat(fails("\"x\"", "\"abc\"")).as("several header lines").isTrue();
        assertThat(fails("*")).isTrue();
        assertThat(EntityTags.noneMatchFails(List.of("\"abc\""), "\"abc\"")).as("a strong tag").isTrue();
    }

    @Test
    void otherTagsAbsentHeadersAndMalformedMembersMatchNothing() {
        assertThat(fails("W/\"abcd\"")).isFalse();
        assertThat(fails("\"ab\"")).isFalse();
        assertThat(fails("abc")).as("unquoted").isFalse();
        assertThat(fails("W/abc, \"x\"")).isFalse();
        assertThat(fails("W/")).isFalse();
        assertThat(fails("\"abc")).as("unterminated").isFalse();
        assertThat(fails("garbage, \"abc\"")).as("a good member after a bad one still counts").isTrue();
        assertThat(fails("")).isFalse();
        assertThat(fails((String) null)).isFalse();
        assertThat(EntityTags.noneMatchFails(null, TAG)).isFalse();
        assertThat(EntityTags.noneMatchFails(List.of(), TAG)).isFalse();
        assertThat(EntityTags.noneMatchFails(List.of("*"), null)).as("no tag, no match").isFalse();
    }
}
