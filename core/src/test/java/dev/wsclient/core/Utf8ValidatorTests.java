package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Utf8Validator} against the JDK's strict UTF-8 decoder, which follows RFC 3629 as
 * RFC 6455 requires: every boundary of every sequence length, random bytes, random valid
 * text, any split into two chunks, and a non-ASCII byte at each position of the
 * eight-byte fast path.
 */
class Utf8ValidatorTests {

	private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

	@Test
	void everyOneAndTwoByteSequenceMatchesTheJdk() {
		List<byte[]> inputs = new ArrayList<>();
		for (int first = 0; first < 256; first++) {
			inputs.add(new byte[] { (byte) first });
			for (int second = 0; second < 256; second++) {
				inputs.add(new byte[] { (byte) first, (byte) second });
			}
		}
		inputs.forEach(Utf8ValidatorTests::assertSameVerdictAsTheJdk);
	}

	@Test
	void everyThreeByteSequenceMatchesTheJdk() {
		for (int first = 0xC0; first < 0x100; first++) {
			for (int second = 0; second < 256; second++) {
				for (int third : new int[] { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE0, 0xFF }) {
					assertSameVerdictAsTheJdk(new byte[] { (byte) first, (byte) second, (byte) third });
				}
			}
		}
	}

	@Test
	void everyFourByteSequenceAroundTheBoundariesMatchesTheJdk() {
		int[] continuations = { 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
		for (int first = 0xE0; first < 0x100; first++) {
			for (int second = 0; second < 256; second++) {
				for (int third : continuations) {
					for (int fourth : continuations) {
						assertSameVerdictAsTheJdk(
								new byte[] { (byte) first, (byte) second, (byte) third, (byte) fourth });
					}
				}
			}
		}
	}

	@Test
	void namedBoundaryCasesHaveTheExpectedVerdict() {
		// Valid: the first and last code point of each length, around the surrogates and
		// at U+10FFFF.
		for (String valid : new String[] { "00", "7f", "c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf",
				"f0 90 80 80", "f4 8f bf bf", "f3 bf bf bf" }) {
			assertThat(validate(HEX.parseHex(valid))).as(valid).isTrue();
			assertSameVerdictAsTheJdk(HEX.parseHex(valid));
		}
		// Invalid: overlong forms, surrogates, beyond U+10FFFF, bytes never used, lone
		// continuation bytes and sequences cut short.
		for (String invalid : new String[] { "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf",
				"ed a0 80", "ed bf bf", "ed af bf ed b0 80", "f4 90 80 80", "f4 bf bf bf", "f5 80 80 80",
				"f8 88 80 80 80", "fc 84 80 80 80 80", "fe", "ff", "80", "bf", "41 80", "c2", "e0 a0", "f0 90 80",
				"c2 41", "e1 80 41", "f1 80 80 41" }) {
			assertThat(validate(HEX.parseHex(invalid))).as(invalid).isFalse();
			assertSameVerdictAsTheJdk(HEX.parseHex(invalid));
		}
	}

	@Test
	void randomBytesMatchTheJdk() {
		Random random = new Random(6455);
		for (int i = 0; i < 5000; i++) {
			byte[] bytes = new byte[random.nextInt(40)];
			random.nextBytes(bytes);
			if (random.nextBoolean()) {
				// Mostly ASCII with a few high bytes, so that some inputs are valid.
				for (int j = 0; j < bytes.length; j++) {
					if (random.nextInt(8) != 0) {
						bytes[j] &= 0x7F;
					}
				}
			}
			assertSameVerdictAsTheJdk(bytes);
			assertEverySplitGivesTheSameVerdict(bytes);
		}
	}

	@Test
	void randomValidTextInMixedScriptsIsValidWhateverTheSplit() {
		Random random = new Random(3629);
		for (int i = 0; i < 2000; i++) {
			byte[] bytes = randomText(random, random.nextInt(30)).getBytes(StandardCharsets.UTF_8);
			assertThat(validate(bytes)).as(HEX.formatHex(bytes)).isTrue();
			assertEverySplitGivesTheSameVerdict(bytes);
		}
	}

	@Test
	void textEndingMidCharacterIsValidSoFarButNotComplete() {
		for (String text : new String[] { "é", "€", "😀", "ab€", "xxxxxxxx😀" }) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			for (int cut = 1; cut < bytes.length; cut++) {
				byte[] prefix = Arrays.copyOf(bytes, bytes.length - cut);
				Utf8Validator validator = new Utf8Validator();
				assertThat(validator.check(prefix, 0, prefix.length)).as(HEX.formatHex(prefix)).isTrue();
				boolean endsOnBoundary = isWellFormed(prefix);
				assertThat(validator.isComplete()).as("complete after %s", HEX.formatHex(prefix))
					.isEqualTo(endsOnBoundary);
				// The rest completes it.
				assertThat(validator.check(bytes, prefix.length, bytes.length)).isTrue();
				assertThat(validator.isComplete()).isTrue();
			}
		}
	}

	@Test
	void resetForgetsAnIncompleteCharacter() {
		Utf8Validator validator = new Utf8Validator();
		assertThat(validator.check(new byte[] { (byte) 0xF0, (byte) 0x9F }, 0, 2)).isTrue();
		assertThat(validator.isComplete()).isFalse();
		validator.reset();
		assertThat(validator.isComplete()).isTrue();
		assertThat(validator.check(new byte[] { 'a', (byte) 0x80 }, 0, 1)).isTrue();
		// A narrowed range from an earlier lead byte must not survive the reset.
		validator.check(new byte[] { (byte) 0xE0 }, 0, 1);
		validator.reset();
		assertThat(validator.check(new byte[] { (byte) 0xE1, (byte) 0x80, (byte) 0x80 }, 0, 3)).isTrue();
	}

	@Test
	void checksOnlyTheGivenRangeOfTheArray() {
		byte[] bytes = { (byte) 0xFF, 'a', 'b', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF };
		Utf8Validator validator = new Utf8Validator();
		assertThat(validator.check(bytes, 1, 5)).isTrue();
		assertThat(validator.isComplete()).isTrue();
	}

	@Test
	void aNonAsciiByteAtEachPositionOfTheEightByteWindowIsSeen() {
		for (int length = 9; length <= 40; length++) {
			for (int position = 0; position < length; position++) {
				byte[] ascii = new byte[length];
				Arrays.fill(ascii, (byte) 'a');
				for (int bad : new int[] { 0x80, 0xBF, 0xC0, 0xF5, 0xFF }) {
					byte[] bytes = ascii.clone();
					bytes[position] = (byte) bad;
					assertThat(validate(bytes)).as("%02x at %d of %d", bad, position, length).isFalse();
					assertSameVerdictAsTheJdk(bytes);
				}
				// A lead byte starting a character that runs past the end.
				byte[] truncated = ascii.clone();
				truncated[position] = (byte) 0xE2;
				Utf8Validator validator = new Utf8Validator();
				boolean valid = validator.check(truncated, 0, length);
				boolean expected = isWellFormed(truncated);
				assertThat(valid && validator.isComplete()).as("E2 at %d of %d", position, length).isEqualTo(expected);
				// A valid two-byte character at each position.
				if (position + 1 < length) {
					byte[] valid2 = ascii.clone();
					valid2[position] = (byte) 0xC3;
					valid2[position + 1] = (byte) 0xA9;
					assertThat(validate(valid2)).as("C3 A9 at %d of %d", position, length).isTrue();
				}
			}
		}
	}

	@Test
	void theFastPathDoesNotSkipContinuationBytesOfAPendingCharacter() {
		// A lead byte in one chunk, eight ASCII bytes in the next: the ASCII bytes are
		// not the expected continuation.
		Utf8Validator validator = new Utf8Validator();
		assertThat(validator.check(new byte[] { (byte) 0xC3 }, 0, 1)).isTrue();
		byte[] ascii = "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
		assertThat(validator.check(ascii, 0, ascii.length)).isFalse();
	}

	private static void assertSameVerdictAsTheJdk(byte[] bytes) {
		boolean expected = isWellFormed(bytes);
		if (validate(bytes) != expected) {
			// Only now build the description: this runs a million times.
			assertThat(validate(bytes)).as("verdict on %s", HEX.formatHex(bytes)).isEqualTo(expected);
		}
	}

	private static void assertEverySplitGivesTheSameVerdict(byte[] bytes) {
		boolean expected = isWellFormed(bytes);
		for (int split = 0; split <= bytes.length; split++) {
			Utf8Validator validator = new Utf8Validator();
			boolean valid = validator.check(bytes, 0, split) && validator.check(bytes, split, bytes.length)
					&& validator.isComplete();
			if (valid != expected) {
				assertThat(valid).as("verdict on %s split at %d", HEX.formatHex(bytes), split).isEqualTo(expected);
			}
		}
	}

	/** Validate a whole text in one call, as a single-frame message is. */
	private static boolean validate(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		return validator.check(bytes, 0, bytes.length) && validator.isComplete();
	}

	private static boolean isWellFormed(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static String randomText(Random random, int codePoints) {
		// Latin, Latin-1, Greek, CJK, the last BMP code points before and after the
		// surrogates, emoji, and the top of the code space.
		int[][] ranges = { { 0x20, 0x7E }, { 0xA0, 0xFF }, { 0x370, 0x3FF }, { 0x4E00, 0x9FFF }, { 0xD000, 0xD7FF },
				{ 0xE000, 0xFFFF }, { 0x1F600, 0x1F64F }, { 0x10000, 0x10FFFF } };
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < codePoints; i++) {
			int[] range = ranges[random.nextInt(ranges.length)];
			text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
		}
		return text.toString();
	}

}
