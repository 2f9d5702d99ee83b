package dev.wsclient.bridge.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A credential as a request presents it (an API key, a stream ticket), not yet checked.
 */
final class PresentedCredential extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final transient String value;

	private final String label;

	/**
	 * Create one.
	 * @param value the credential
	 * @param label what to show of it: never the secret part
	 */
	PresentedCredential(String value, String label) {
		super((Collection<? extends GrantedAuthority>) null);
		this.value = value;
		this.label = label;
	}

	/**
	 * Return the credential as presented.
	 * @return the value
	 */
	String value() {
		return this.value;
	}

	@Override
	public Object getCredentials() {
		return this.value;
	}

	@Override
	public Object getPrincipal() {
		return this.label;
	}

}
