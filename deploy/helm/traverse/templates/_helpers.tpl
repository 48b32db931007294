{{/*
The components: name, HTTP port (quarkus.http.port in each module's application.properties), the values key that
tunes it, and what it needs. deploy/src/test checks the ports against the modules' own configuration.
*/}}
{{- define "traverse.components" -}}
migration-api:        {key: migrationApi,       port: 8090, db: true, kafka: true}
discovery-service:    {key: discoveryService,   port: 8091, db: true, kafka: true, vcenter: true}
flavor-service:       {key: flavorService,      port: 8092, db: true, kafka: true, openstack: true}
network-mapper:       {key: networkMapper,      port: 8093, db: true, kafka: true, openstack: true}
disk-transfer-worker: {key: diskTransferWorker, port: 8094, db: true, kafka: true, vcenter: true, openstack: true, dispatcher: true}
conversion-worker:    {key: conversionWorker,   port: 8095, db: true, kafka: true, openstack: true, dispatcher: true}
launch-service:       {key: launchService,      port: 8096, db: true, kafka: true, openstack: true}
dashboard-ui:         {key: dashboard,          port: 8080, dashboard: true}
{{- end -}}

{{- define "traverse.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object of the release carries. */}}
{{- define "traverse.labels" -}}
app.kubernetes.io/part-of: traverse
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "name" "migration-api"). */}}
{{- define "traverse.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "traverse.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- $prefix := .root.Values.image.repositoryPrefix -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry $prefix .name $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" $prefix .name $tag -}}
{{- end -}}
{{- end -}}

{{/* Names of the Secrets the pods read: the user's existing one, or the one this chart creates. */}}
{{- define "traverse.databaseSecret" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "traverse.fullname" .)) -}}
{{- end -}}
{{- define "traverse.vcenterSecret" -}}
{{- .Values.vcenter.existingSecret | default (printf "%s-vcenter" (include "traverse.fullname" .)) -}}
{{- end -}}
{{- define "traverse.openstackSecret" -}}
{{- .Values.openstack.existingSecret | default (printf "%s-openstack" (include "traverse.fullname" .)) -}}
{{- end -}}

{{- define "traverse.serviceAccount.dispatcher" -}}
{{- printf "%s-dispatcher" (include "traverse.fullname" .) -}}
{{- end -}}
{{- define "traverse.serviceAccount.job" -}}
{{- printf "%s-job" (include "traverse.fullname" .) -}}
{{- end -}}
{{- define "traverse.serviceAccount.service" -}}
{{- printf "%s-service" (include "traverse.fullname" .) -}}
{{- end -}}

{{/* Fail early and clearly on what the chart cannot guess. */}}
{{- define "traverse.validate" -}}
{{- if not .Values.kafka.bootstrapServers -}}
{{- fail "kafka.bootstrapServers is required (host:port of your Kafka brokers; see docs/install.md)" -}}
{{- end -}}
{{- if not .Values.database.url -}}
{{- fail "database.url is required (jdbc:postgresql://host:5432/db; see docs/install.md)" -}}
{{- end -}}
{{- if not (hasPrefix "jdbc:postgresql://" .Values.database.url) -}}
{{- fail (printf "database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://…), got %q" .Values.database.url) -}}
{{- end -}}
{{- if and (not .Values.database.existingSecret) (not .Values.database.password) -}}
{{- fail "set database.existingSecret (recommended) or database.password" -}}
{{- end -}}
{{- if not .Values.vcenter.url -}}
{{- fail "vcenter.url is required (https://vcenter.example.com/sdk)" -}}
{{- end -}}
{{- if and (not .Values.vcenter.existingSecret) (or (not .Values.vcenter.username) (not .Values.vcenter.password)) -}}
{{- fail "set vcenter.existingSecret (recommended) or vcenter.username and vcenter.password" -}}
{{- end -}}
{{- if not .Values.openstack.authUrl -}}
{{- fail "openstack.authUrl is required (Keystone v3 URL)" -}}
{{- end -}}
{{- if not (has .Values.openstack.authType (list "password" "v3applicationcredential")) -}}
{{- fail (printf "openstack.authType must be password or v3applicationcredential, got %q" .Values.openstack.authType) -}}
{{- end -}}
{{- if not .Values.openstack.existingSecret -}}
{{- if and (eq .Values.openstack.authType "password") (or (not .Values.openstack.username) (not .Values.openstack.password)) -}}
{{- fail "set openstack.existingSecret (recommended) or openstack.username and openstack.password" -}}
{{- end -}}
{{- if and (eq .Values.openstack.authType "v3applicationcredential") (or (not .Values.openstack.applicationCredentialId) (not .Values.openstack.applicationCredentialSecret)) -}}
{{- fail "set openstack.existingSecret or openstack.applicationCredentialId and openstack.applicationCredentialSecret" -}}
{{- end -}}
{{- end -}}
{{- if not (has .Values.dashboard.service.type (list "ClusterIP" "NodePort" "LoadBalancer")) -}}
{{- fail (printf "dashboard.service.type must be ClusterIP, NodePort or LoadBalancer, got %q" .Values.dashboard.service.type) -}}
{{- end -}}
{{- end -}}

{{/*
The credentials and coordinates a component needs, as EnvVars; call with (dict "root" $ "c" <component>).
Shared by the Deployments and the Job templates, so the two can never disagree.
*/}}
{{- define "traverse.env" -}}
{{- $r := .root -}}
{{- $c := .c -}}
{{- $fullname := include "traverse.fullname" $r -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ $r.Values.javaToolOptions | quote }}
{{- if $c.db }}
- name: TRAVERSE_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.databaseSecret" $r }}
      key: {{ $r.Values.database.usernameKey }}
- name: TRAVERSE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.databaseSecret" $r }}
      key: {{ $r.Values.database.passwordKey }}
{{- end }}
{{- if and $c.kafka $r.Values.kafka.existingSecret }}
{{- range $r.Values.kafka.existingSecretKeys }}
- name: KAFKA_{{ . | upper | replace "." "_" | replace "-" "_" }}
  valueFrom:
    secretKeyRef:
      name: {{ $r.Values.kafka.existingSecret }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- if $c.vcenter }}
- name: TRAVERSE_VCENTER_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.vcenterSecret" $r }}
      key: {{ $r.Values.vcenter.usernameKey }}
- name: TRAVERSE_VCENTER_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.vcenterSecret" $r }}
      key: {{ $r.Values.vcenter.passwordKey }}
{{- end }}
{{- if $c.openstack }}
{{- if eq $r.Values.openstack.authType "password" }}
- name: OS_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.usernameKey }}
- name: OS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.passwordKey }}
{{- else }}
- name: OS_APPLICATION_CREDENTIAL_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.applicationCredentialIdKey }}
- name: OS_APPLICATION_CREDENTIAL_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.applicationCredentialSecretKey }}
{{- end }}
{{- if $r.Values.openstack.caBundleConfigMap }}
- name: OS_CACERT
  value: /etc/traverse/openstack-ca/ca.crt
{{- end }}
{{- end }}
{{- if $c.dashboard }}
- name: TRAVERSE_MIGRATION_API_URL
  value: http://{{ $fullname }}-migration-api:8090
{{- end }}
{{- end -}}
