package dev.wsclient.bridge.security;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.BridgeProperties;
import dev.wsclient.bridge.web.ProblemWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The bridge's one security filter chain. Denies by default; reading a stream needs a
 * read grant unless the client is readable anonymously; sending needs a write grant and
 * always credentials; the status page itself is public and shows only what its caller may
 * read. Credentials are a JWT (when Spring Boot's resource server is configured with
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}),
 * an API key, or, for opening a stream, a ticket. Nothing is kept between requests: no
 * session, no cookie, so there is no cross-site request forgery to defend against (CSRF
 * protection is off) and nothing grows with the number of callers. Requests from web
 * pages of another origin than the bridge's own are refused unless the origin is allowed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeProperties.class)
public class BridgeSecurityConfiguration {

	/** The status page's policy: its own scripts, styles and streams, nothing else. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private static final Log logger = LogFactory.getLog(BridgeSecurityConfiguration.class);

	@Bean
	ApiKeys apiKeys(BridgeProperties properties, WsClients clients, ObjectProvider<GeneratedApiKey> generated) {
		Map<String, ApiKeys.Key> keys = new LinkedHashMap<>();
		properties.getSecurity().getApiKeys().forEach((id, key) -> {
			String property = "bridge.security.api-keys." + id + ".grants";
			ApiKeys.requireValidGrants(property, key.getGrants(), clients.names());
			keys.put(id, ApiKeys.Key.of(String.valueOf(key.getSha256()), key.getGrants()));
		});
		if (keys.isEmpty()) {
			generated.ifAvailable((key) -> {
				keys.put(key.id(), key.key());
				logger.warn("Using a generated API key, valid until the bridge stops, granting " + key.grants()
						+ ": send the header 'X-API-Key: " + key.headerValue() + "'. Configure "
						+ "bridge.security.api-keys and turn the demo off (bridge.demo.enabled=false) in production.");
			});
		}
		if (keys.isEmpty()) {
			logger.info("No API key is configured (bridge.security.api-keys)");
		}
		return new ApiKeys(keys);
	}

	/**
	 * No observation of the filter chain per request: for a stream it would last as long
	 * as the subscriber, with a dozen observation contexts each (kilobytes per
	 * subscriber). Authentications and authorization decisions are still observed.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
	}

	@Bean
	StreamTickets streamTickets(BridgeProperties properties) {
		BridgeProperties.StreamTickets tickets = properties.getSecurity().getStreamTickets();
		return new StreamTickets(tickets.getTimeToLive(), tickets.getMaxOutstanding(), Clock.systemUTC());
	}

	@Bean
	StreamAccess streamAccess(BridgeProperties properties, WsClients clients) {
		List<String> anonymousRead = properties.getSecurity().getAnonymousRead();
		for (String client : anonymousRead) {
			if (!client.equals("*") && !clients.contains(client)) {
				throw new IllegalStateException("bridge.security.anonymous-read names '" + client
						+ "', which is not a configured client; the clients are " + clients.names());
			}
		}
		return new StreamAccess(anonymousRead);
	}

	@Bean
	ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
		return new ProblemWriter(codecs);
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(BridgeProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.getSecurity().getAllowedOrigins());
		cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", ApiKeyAuthentication.HEADER, "Last-Event-ID"));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	@Bean
	SecurityWebFilterChain bridgeSecurityFilterChain(ServerHttpSecurity http, ApiKeys apiKeys, StreamTickets tickets,
			StreamAccess access, ProblemWriter problems, CorsConfigurationSource cors,
			ObjectProvider<ReactiveJwtDecoder> jwtDecoder, Environment environment) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(Customizer.withDefaults())
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.cors((spec) -> spec.configurationSource(cors))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.mode(Mode.DENY)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((exchange, ex) -> problems.unauthenticated(exchange))
				.accessDeniedHandler((exchange, ex) -> problems.forbidden(exchange)))
			.addFilterAt(authenticationFilter(new ApiKeyAuthentication(apiKeys), problems),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.addFilterAt(authenticationFilter(new StreamTicketAuthentication(tickets), problems),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to("health"))
				.permitAll()
				.matchers(EndpointRequest.toAnyEndpoint())
				.access(actuator(environment))
				.pathMatchers(HttpMethod.GET, "/", "/index.html", "/app.js", "/style.css", "/favicon.ico")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/streams/{client}")
				.access(access.read())
				.pathMatchers(HttpMethod.POST, "/clients/{client}/messages")
				.access(access.write())
				.pathMatchers(HttpMethod.GET, "/api/clients")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/stream-tickets")
				.authenticated()
				.pathMatchers("/demo/feed")
				.access(BridgeSecurityConfiguration::fromLoopback)
				.anyExchange()
				.denyAll());
		jwtDecoder.ifAvailable((decoder) -> http.oauth2ResourceServer((resourceServer) -> resourceServer
			.authenticationEntryPoint((exchange, ex) -> problems.unauthenticated(exchange))
			.accessDeniedHandler((exchange, ex) -> problems.forbidden(exchange))
			.jwt((jwt) -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(jwtAuthentication()))));
		return http.build();
	}

	/**
	 * The actuator endpoints other than health: open on a management port of their own,
	 * which the Helm chart's NetworkPolicy opens to the monitoring namespace only; on the
	 * API port, for monitors only.
	 */
	private static ReactiveAuthorizationManager<AuthorizationContext> actuator(Environment environment) {
		if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
			return (authentication, context) -> Mono.just(new AuthorizationDecision(true));
		}
		return (authentication, context) -> authentication
			.map((caller) -> new AuthorizationDecision(BridgeAuthorities.isMonitor(caller)))
			.cast(AuthorizationResult.class)
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

	/**
	 * The embedded demo feed is the upstream of the bridge's own demo client: it answers
	 * connections from this machine only.
	 */
	private static Mono<AuthorizationResult> fromLoopback(Mono<Authentication> authentication,
			AuthorizationContext context) {
		InetSocketAddress remote = context.getExchange().getRequest().getRemoteAddress();
		boolean loopback = remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
		return Mono.just(new AuthorizationDecision(loopback));
	}

	private static AuthenticationWebFilter authenticationFilter(ServerAuthenticationConverter converter,
			ReactiveAuthenticationManager manager, ProblemWriter problems) {
		AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
		filter.setServerAuthenticationConverter(converter);
		filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		filter.setAuthenticationFailureHandler(
				new ServerAuthenticationEntryPointFailureHandler((exchange, ex) -> problems.unauthenticated(exchange)));
		return filter;
	}

	private static <A extends ServerAuthenticationConverter & ReactiveAuthenticationManager> AuthenticationWebFilter authenticationFilter(
			A authentication, ProblemWriter problems) {
		return authenticationFilter(authentication, authentication, problems);
	}

	/**
	 * A JWT's scopes ({@code scope} or {@code scp}) as authorities, unprefixed, so that
	 * {@code bridge:read:prices} means the same in a token as in an API key grant.
	 */
	private static Converter<Jwt, Mono<AbstractAuthenticationToken>> jwtAuthentication() {
		return (jwt) -> Mono
			.just(new JwtAuthenticationToken(jwt, BridgeAuthorities.fromScopes(JwtScopes.of(jwt)), jwt.getSubject()));
	}

}
