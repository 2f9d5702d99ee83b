{{/*
Chart name, or nameOverride. Kubernetes names stop at 63 characters.
*/}}
{{- define "wsclient-bridge.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Base name of every resource: fullnameOverride, else "<release>-<name>", else just the release
name when it already contains the chart name (so "helm install wsclient-bridge" does not repeat it).
*/}}
{{- define "wsclient-bridge.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "wsclient-bridge.name" . -}}
{{- $full := ternary .Release.Name (printf "%s-%s" .Release.Name $name) (contains $name .Release.Name) -}}
{{- $full | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
"name-version" for the helm.sh/chart label ("+" is not allowed in label values).
*/}}
{{- define "wsclient-bridge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels that identify the pods. They go into the Deployment selector, which is immutable: never
add a label here that can change between upgrades.
*/}}
{{- define "wsclient-bridge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wsclient-bridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Labels of every resource.
*/}}
{{- define "wsclient-bridge.labels" -}}
{{ include "wsclient-bridge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: bridge
app.kubernetes.io/part-of: wsclient
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "wsclient-bridge.chart" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
ServiceAccount the pods run as.
*/}}
{{- define "wsclient-bridge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "wsclient-bridge.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/*
Container image: repository@digest, else repository:tag (the tag defaults to appVersion).
*/}}
{{- define "wsclient-bridge.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/*
Whether the demo feed runs, as "true" or "false". "auto" means: only when no client is
configured, so a bare install shows data and a real deployment is not polluted by demo traffic.
*/}}
{{- define "wsclient-bridge.demoEnabled" -}}
{{- $enabled := .Values.demo.enabled -}}
{{- if kindIs "bool" $enabled -}}
{{- $enabled -}}
{{- else -}}
{{- empty .Values.clients -}}
{{- end -}}
{{- end -}}

{{/*
Whether the bridge starts from the image's AOT code, as "true" or "false". "auto" means: unless
JWTs are configured, since the image's AOT code has no JWT decoder (a build-time decision of
Spring Boot's); the bridge then starts as a plain JVM application, still with the CDS archive.
*/}}
{{- define "wsclient-bridge.aotEnabled" -}}
{{- $enabled := .Values.aot.enabled -}}
{{- if kindIs "bool" $enabled -}}
{{- $enabled -}}
{{- else -}}
{{- not (or .Values.security.jwt.issuerUri .Values.security.jwt.jwkSetUri) -}}
{{- end -}}
{{- end -}}

{{/*
JAVA_TOOL_OPTIONS: the AOT switch first, so that javaToolOptions can still override it.
*/}}
{{- define "wsclient-bridge.javaToolOptions" -}}
{{- if eq (include "wsclient-bridge.aotEnabled" .) "true" -}}
{{- printf "-Dspring.aot.enabled=true %s" .Values.javaToolOptions | trim -}}
{{- else -}}
{{- .Values.javaToolOptions -}}
{{- end -}}
{{- end -}}

{{/*
Environment variable name for a secret header: SECRET_HEADER_<SCOPE>_<HEADER>, upper-cased, every
character other than A-Z and 0-9 replaced by "_". Argument: list of scope and header name.
*/}}
{{- define "wsclient-bridge.secretHeaderEnvName" -}}
{{- $raw := printf "SECRET_HEADER_%s_%s" (index . 0) (index . 1) | upper -}}
{{- regexReplaceAll "[^A-Z0-9]" $raw "_" -}}
{{- end -}}

{{/*
Every secret header of the defaults and of every client, as a JSON list of
{scope, header, env, secretName, secretKey, prefix}. The ConfigMap writes a placeholder for each,
the Deployment an environment variable from a secretKeyRef. Fails when two headers map to the
same variable name (e.g. clients "a-b" and "a_b") or when a header is both plain and secret.
*/}}
{{- define "wsclient-bridge.secretHeaders" -}}
{{- $scopes := list (list "defaults" .Values.defaults) -}}
{{- range $name, $client := .Values.clients -}}
{{- $scopes = append $scopes (list $name $client) -}}
{{- end -}}
{{- $refs := list -}}
{{- $seen := dict -}}
{{- range $scope := $scopes -}}
{{- $scopeName := index $scope 0 -}}
{{- $settings := index $scope 1 | default dict -}}
{{- $plain := $settings.headers | default dict -}}
{{- range $header, $ref := $settings.secretHeaders -}}
{{- if hasKey $plain $header -}}
{{- fail (printf "%s header %q is set in both headers and secretHeaders" (include "wsclient-bridge.scopePath" $scopeName) $header) -}}
{{- end -}}
{{- $env := include "wsclient-bridge.secretHeaderEnvName" (list $scopeName $header) -}}
{{- if hasKey $seen $env -}}
{{- fail (printf "secret headers %s and %s/%s both map to environment variable %s; rename a client" (get $seen $env) $scopeName $header $env) -}}
{{- end -}}
{{- $_ := set $seen $env (printf "%s/%s" $scopeName $header) -}}
{{- $refs = append $refs (dict "scope" $scopeName "header" $header "env" $env "secretName" $ref.secretName "secretKey" $ref.secretKey "prefix" ($ref.prefix | default "")) -}}
{{- end -}}
{{- end -}}
{{- toJson $refs -}}
{{- end -}}

{{/*
Values path of a scope, for error messages.
*/}}
{{- define "wsclient-bridge.scopePath" -}}
{{- if eq . "defaults" -}}defaults{{- else -}}clients.{{ . }}{{- end -}}
{{- end -}}

{{/*
One scope's settings (defaults or a client) as the bridge binds them: secretHeaders removed,
each secret header turned into a "${ENV}" placeholder among the plain headers.
*/}}
{{- define "wsclient-bridge.clientSettings" -}}
{{- $scopeName := index . 0 -}}
{{- $settings := index . 1 | default dict -}}
{{- $refs := index . 2 -}}
{{- $rendered := omit $settings "secretHeaders" -}}
{{- $headers := deepCopy ($settings.headers | default dict) -}}
{{- range $ref := $refs -}}
{{- if eq $ref.scope $scopeName -}}
{{- $_ := set $headers $ref.header (printf "%s${%s}" $ref.prefix $ref.env) -}}
{{- end -}}
{{- end -}}
{{- if $headers -}}
{{- $_ := set $rendered "headers" $headers -}}
{{- end -}}
{{- toJson $rendered -}}
{{- end -}}

{{/*
The bridge's application.yml. Spring Boot reads it in addition to the one inside the jar
(SPRING_CONFIG_ADDITIONAL_LOCATION), so keys set here win. extraConfig is merged last.
*/}}
{{- define "wsclient-bridge.applicationConfig" -}}
{{- $refs := include "wsclient-bridge.secretHeaders" . | fromJsonArray -}}
{{- $clients := dict -}}
{{- range $name, $client := .Values.clients -}}
{{- $_ := set $clients $name (include "wsclient-bridge.clientSettings" (list $name $client $refs) | fromJson) -}}
{{- end -}}
{{- $wsclient := dict -}}
{{- if $clients -}}
{{- $_ := set $wsclient "clients" $clients -}}
{{- end -}}
{{- if .Values.defaults -}}
{{- $_ := set $wsclient "defaults" (include "wsclient-bridge.clientSettings" (list "defaults" .Values.defaults $refs) | fromJson) -}}
{{- end -}}
{{- $health := dict
  "probes" (dict "enabled" true)
  "group" (dict "liveness" (dict "include" "livenessState")) -}}
{{- $spring := dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int .Values.shutdown.timeoutSeconds))) -}}
{{- $jwt := include "wsclient-bridge.jwtConfig" . | fromJson -}}
{{- if $jwt -}}
{{- $_ := set $spring "security" (dict "oauth2" (dict "resourceserver" (dict "jwt" $jwt))) -}}
{{- end -}}
{{- if .Values.security.apiKeys.existingSecret -}}
{{- $_ := set $spring "config" (dict "import" (include "wsclient-bridge.apiKeysImport" .)) -}}
{{- end -}}
{{- $bridge := dict "demo" (dict "enabled" (eq (include "wsclient-bridge.demoEnabled" .) "true")) -}}
{{- $security := include "wsclient-bridge.bridgeSecurity" . | fromJson -}}
{{- if $security -}}
{{- $_ := set $bridge "security" $security -}}
{{- end -}}
{{- $config := dict
  "server" (dict "port" (int .Values.containerPort) "shutdown" "graceful")
  "spring" $spring
  "management" (dict
    "server" (dict "port" (int .Values.management.port))
    "endpoint" (dict "health" $health)
    "endpoints" (dict "web" (dict "exposure" (dict "include" (join "," .Values.management.exposure)))))
  "bridge" $bridge -}}
{{- if $wsclient -}}
{{- $_ := set $config "wsclient" $wsclient -}}
{{- end -}}
{{- include "wsclient-bridge.deepMerge" (list $config .Values.extraConfig) | fromJson | toYaml -}}
{{- end -}}

{{/*
Names of the upstream clients the bridge will have, as a JSON list: clients, those added
through extraConfig, and "demo" while the demo feed runs.
*/}}
{{- define "wsclient-bridge.clientNames" -}}
{{- $names := keys .Values.clients -}}
{{- $names = concat $names (keys (dig "wsclient" "clients" dict .Values.extraConfig)) -}}
{{- if eq (include "wsclient-bridge.demoEnabled" .) "true" -}}
{{- $names = append $names "demo" -}}
{{- end -}}
{{- $names | uniq | sortAlpha | toJson -}}
{{- end -}}

{{/*
bridge.security as a JSON map, holding only what the values set (the bridge's defaults
apply to the rest). Fails when an anonymous-read entry or an inline key's grant names a
client the bridge will not have: the bridge would refuse such a grant at start-up, and an
unknown anonymous-read entry would leave a stream closed without a word.
*/}}
{{- define "wsclient-bridge.bridgeSecurity" -}}
{{- $values := .Values.security -}}
{{- $clients := include "wsclient-bridge.clientNames" . | fromJsonArray -}}
{{- $security := dict -}}
{{- $anonymous := $values.anonymousRead | default (list) -}}
{{- range $client := $anonymous -}}
{{- if not (or (eq $client "*") (has $client $clients)) -}}
{{- fail (printf "security.anonymousRead: %q is not a client of the bridge; the clients are %v (\"*\" means all)" $client $clients) -}}
{{- end -}}
{{- end -}}
{{- /* The demo feed makes its own stream readable by anyone, unless a list replaces that default. */}}
{{- if and $anonymous (has "demo" $clients) (not (has "demo" $anonymous)) (not (has "*" $anonymous)) -}}
{{- $anonymous = append $anonymous "demo" -}}
{{- end -}}
{{- with $anonymous -}}
{{- $_ := set $security "anonymous-read" . -}}
{{- end -}}
{{- with $values.allowedOrigins -}}
{{- $_ := set $security "allowed-origins" . -}}
{{- end -}}
{{- range $id, $key := $values.apiKeys.keys -}}
{{- range $grant := $key.grants -}}
{{- $client := regexReplaceAll "^(read|write):" $grant "" -}}
{{- if and (ne $client $grant) (ne $client "*") (not (has $client $clients)) -}}
{{- fail (printf "security.apiKeys.keys.%s.grants: %q names a client the bridge does not have; the clients are %v" $id $grant $clients) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- with $values.apiKeys.keys -}}
{{- $_ := set $security "api-keys" . -}}
{{- end -}}
{{- toJson $security -}}
{{- end -}}

{{/*
spring.security.oauth2.resourceserver.jwt as a JSON map of the JWT settings that are set;
empty when JWTs are not accepted.
*/}}
{{- define "wsclient-bridge.jwtConfig" -}}
{{- $jwt := dict -}}
{{- with .Values.security.jwt.issuerUri -}}
{{- $_ := set $jwt "issuer-uri" . -}}
{{- end -}}
{{- with .Values.security.jwt.jwkSetUri -}}
{{- $_ := set $jwt "jwk-set-uri" . -}}
{{- end -}}
{{- with .Values.security.jwt.audiences -}}
{{- $_ := set $jwt "audiences" . -}}
{{- end -}}
{{- toJson $jwt -}}
{{- end -}}

{{/*
The NetworkPolicy peers of one port (networkPolicy.api or networkPolicy.management): from
and extraFrom together, as a JSON list. A key set to null counts as an empty list.
*/}}
{{- define "wsclient-bridge.networkPolicyPeers" -}}
{{- concat (.from | default (list)) (.extraFrom | default (list)) | toJson -}}
{{- end -}}

{{/*
Directory the API keys Secret is mounted at; outside the ConfigMap's directory, so that
neither volume is nested in the other.
*/}}
{{- define "wsclient-bridge.apiKeysDir" -}}
/etc/wsclient-bridge-api-keys
{{- end -}}

{{/*
spring.config.import location of the API keys document. Spring Boot picks the loader by
the file extension, so a key without .yaml or .yml gets the "[.yaml]" hint.
*/}}
{{- define "wsclient-bridge.apiKeysImport" -}}
{{- $key := .Values.security.apiKeys.secretKey -}}
{{- $hint := ternary "" "[.yaml]" (regexMatch "\\.ya?ml$" $key) -}}
{{- printf "file:%s/%s%s" (include "wsclient-bridge.apiKeysDir" .) $key $hint -}}
{{- end -}}

{{/*
Recursive merge of two maps, as JSON: maps merge key by key, any other value from the second
argument replaces the first. Unlike sprig's mergeOverwrite, false, 0 and "" do replace.
*/}}
{{- define "wsclient-bridge.deepMerge" -}}
{{- $merged := deepCopy (index . 0) -}}
{{- range $key, $value := index . 1 -}}
{{- $current := get $merged $key -}}
{{- if and (kindIs "map" $value) (kindIs "map" $current) -}}
{{- $_ := set $merged $key (include "wsclient-bridge.deepMerge" (list $current $value) | fromJson) -}}
{{- else -}}
{{- $_ := set $merged $key $value -}}
{{- end -}}
{{- end -}}
{{- toJson $merged -}}
{{- end -}}

{{/*
A Kubernetes IntOrString: a number as an integer, a percentage as a quoted string.
*/}}
{{- define "wsclient-bridge.intOrPercent" -}}
{{- if kindIs "string" . -}}
{{- quote . -}}
{{- else -}}
{{- int . -}}
{{- end -}}
{{- end -}}

{{/*
The pods' topology spread constraints: one per topologySpread.topologyKeys entry when
topologySpread.enabled, selecting this release's pods, then topologySpreadConstraints as given.
Empty when there are none.
*/}}
{{- define "wsclient-bridge.topologySpreadConstraints" -}}
{{- $constraints := list }}
{{- $spread := .Values.topologySpread }}
{{- if $spread.enabled }}
{{- $selector := dict "matchLabels" (include "wsclient-bridge.selectorLabels" . | fromYaml) }}
{{- range $spread.topologyKeys }}
{{- $constraints = append $constraints (dict "maxSkew" (int $spread.maxSkew) "topologyKey" . "whenUnsatisfiable" $spread.whenUnsatisfiable "labelSelector" $selector) }}
{{- end }}
{{- end }}
{{- $constraints = concat $constraints .Values.topologySpreadConstraints }}
{{- if $constraints }}
{{- toYaml $constraints }}
{{- end }}
{{- end -}}
