package dev.candidaterouter.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsKeywordTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop\n", "STOPALL", "unsubscribe", "CANCEL", "End", "quit"})
    void stopWordsAsTheWholeBodyInAnyCaseOptOut(String body) {
        assertThat(SmsKeyword.of(body)).isEqualTo(SmsKeyword.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", " yes ", "UNSTOP"})
    void startWordsOptBackIn(String body) {
        assertThat(SmsKeyword.of(body)).isEqualTo(SmsKeyword.OPT_IN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP please", "HELP", "", "S T O P", "stopp", "ＳＴＯＰ"})
    void anythingElseIsNoKeywordAndIsStoredAsOther(String body) {
        assertThat(SmsKeyword.of(body)).isEqualTo(SmsKeyword.OTHER);
        assertThat(SmsKeyword.storedWord(body)).isEqualTo("OTHER");
    }
}
