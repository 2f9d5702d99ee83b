package dev.wsclient.bridge.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A caller whose credential was checked: its name and what it may do. The credential
 * itself is not kept.
 */
final class CheckedCaller extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final String name;

	/**
	 * Create one.
	 * @param name who, such as {@code api-key:ci} or a token's subject
	 * @param authorities what it may do
	 */
	CheckedCaller(String name, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.name = name;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.name;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
