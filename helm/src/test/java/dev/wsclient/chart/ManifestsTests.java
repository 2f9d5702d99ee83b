package dev.wsclient.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the checker: {@link Manifests} must catch what the chart tests rely on it to
 * catch.
 */
class ManifestsTests {

	private static final String MANIFESTS = """
			---
			# Source: test/templates/deployment.yaml
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: test
			spec:
			  template:
			    spec:
			      containers:
			        - name: bridge
			          readinesProbe:
			            httpGet:
			              path: /actuator/health/readiness
			---
			# Source: test/templates/servicemonitor.yaml
			apiVersion: monitoring.coreos.com/v1
			kind: ServiceMonitor
			metadata:
			  name: test
			spec:
			  endpoints: []
			---
			# Source: test/templates/configmap.yaml
			apiVersion: v1
			kind: ConfigMap
			metadata:
			  name: test
			data:
			  application.yml: |
			    server:
			      port: 8080
			    wsclient:
			      clients:
			        prices:
			          subprotocols:
			            - v1
			            - v2
			""";

	@Test
	void parsesEachDocumentIntoItsModelClassAndUnknownKindsIntoGenericResources() {
		Manifests manifests = Manifests.parse(MANIFESTS);
		assertThat(manifests.resources()).hasExactlyElementsOfTypes(Deployment.class, GenericKubernetesResource.class,
				ConfigMap.class);
	}

	@Test
	void reportsAMisspeltFieldNestedInsideATypedResource() {
		assertThat(Manifests.parse(MANIFESTS).unknownFields()).singleElement()
			.asString()
			.contains("Containers[0]")
			.contains("readinesProbe");
	}

	@Test
	void flattensApplicationYamlLikeSpringBoot() {
		assertThat(Manifests.parse(MANIFESTS).applicationProperties()).containsEntry("server.port", 8080)
			.containsEntry("wsclient.clients.prices.subprotocols[0]", "v1")
			.containsEntry("wsclient.clients.prices.subprotocols[1]", "v2");
	}

}
