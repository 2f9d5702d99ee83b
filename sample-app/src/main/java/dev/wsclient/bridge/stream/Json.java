package dev.wsclient.bridge.stream;

/**
 * The one thing the streams write as JSON by hand: string values.
 */
final class Json {

	private Json() {
	}

	/**
	 * Quote a string as a JSON string value.
	 * @param value the string
	 * @return the value in double quotes, with quotes, backslashes and control characters
	 * escaped
	 */
	static String string(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
