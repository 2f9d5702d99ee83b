/**
 * Tests of the wsclient-bridge Helm chart: {@code helm lint}, {@code helm template} with
 * several value sets parsed into Kubernetes objects, and the values schema.
 */
@NullMarked
package dev.wsclient.chart;

import org.jspecify.annotations.NullMarked;
