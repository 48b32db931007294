{{/*
The components: name, HTTP port (quarkus.http.port in each module's application.properties), the values key that
tunes it, and which credentials it gets (db, kafka, vcenter, openstack, apiToken: network-mapper's bearer token for
an OIDC migration-api). deploy/src/test checks these against what each module's configuration really reads.
*/}}
{{- define "traverse.components" -}}
migration-api:        {key: migrationApi,       port: 8090, db: true, kafka: true, openstack: true}
discovery-service:    {key: discoveryService,   port: 8091, db: true, kafka: true, vcenter: true}
flavor-service:       {key: flavorService,      port: 8092, db: true, kafka: true, openstack: true}
network-mapper:       {key: networkMapper,      port: 8093, db: true, kafka: true, openstack: true, apiToken: true}
disk-transfer-worker: {key: diskTransferWorker, port: 8094, db: true, kafka: true, vcenter: true, openstack: true, dispatcher: true}
conversion-worker:    {key: conversionWorker,   port: 8095, db: true, kafka: true, openstack: true, dispatcher: true}
launch-service:       {key: launchService,      port: 8096, db: true, kafka: true, openstack: true}
dashboard-ui:         {key: dashboard,          port: 8080, dashboard: true}
{{- end -}}

{{/* The in-cluster URL of one component's Service; call with (dict "root" $ "name" "migration-api"). */}}
{{- define "traverse.url" -}}
{{- $c := index (include "traverse.components" .root | fromYaml) .name -}}
{{- printf "http://%s-%s:%v" (include "traverse.fullname" .root) .name $c.port -}}
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
{{- if eq .Values.openstack.authType "v3applicationcredential" -}}
{{- fail "openstack.authType v3applicationcredential is not supported yet: conversion-worker logs in to Cinder with a user and password only (docs/conversion.md); use authType password" -}}
{{- end -}}
{{- if not .Values.openstack.existingSecret -}}
{{- if and (eq .Values.openstack.authType "password") (or (not .Values.openstack.username) (not .Values.openstack.password)) -}}
{{- fail "set openstack.existingSecret (recommended) or openstack.username and openstack.password" -}}
{{- end -}}
{{- if and (eq .Values.openstack.authType "v3applicationcredential") (or (not .Values.openstack.applicationCredentialId) (not .Values.openstack.applicationCredentialSecret)) -}}
{{- fail "set openstack.existingSecret or openstack.applicationCredentialId and openstack.applicationCredentialSecret" -}}
{{- end -}}
{{- end -}}
{{- if not (has .Values.auth.mode (list "oidc" "none")) -}}
{{- fail (printf "auth.mode must be oidc or none, got %q" .Values.auth.mode) -}}
{{- end -}}
{{- if and (eq .Values.auth.mode "oidc") (not .Values.auth.oidc.authServerUrl) -}}
{{- fail "auth.oidc.authServerUrl is required with auth.mode oidc (your identity provider's realm URL), or set auth.mode none (no login: only behind your own access control; docs/install.md)" -}}
{{- end -}}
{{- with .Values.diskTransferWorker.job.vddk }}
{{- if and .image (not (regexMatch "^([0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}$" (.thumbprint | default $.Values.vcenter.thumbprint))) -}}
{{- fail "diskTransferWorker.job.vddk.image needs the vCenter certificate's SHA-1 thumbprint (AA:BB:…, 20 pairs) in diskTransferWorker.job.vddk.thumbprint or vcenter.thumbprint" -}}
{{- end -}}
{{- end }}
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
{{- with $r.Values.trustStore.existingSecret }}
{{- if $r.Values.trustStore.passwordKey }}
- name: TRAVERSE_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $r.Values.trustStore.passwordKey }}
{{- end }}
{{- end }}
- name: JAVA_TOOL_OPTIONS
  value: {{ include "traverse.javaToolOptions" $r | quote }}
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
- name: TRAVERSE_OPENSTACK_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.usernameKey }}
- name: TRAVERSE_OPENSTACK_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.passwordKey }}
{{- else }}
- name: TRAVERSE_OPENSTACK_APPLICATION_CREDENTIAL_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.applicationCredentialIdKey }}
- name: TRAVERSE_OPENSTACK_APPLICATION_CREDENTIAL_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "traverse.openstackSecret" $r }}
      key: {{ $r.Values.openstack.applicationCredentialSecretKey }}
{{- end }}
{{- end }}
{{- if and $c.apiToken $r.Values.auth.networkMapperToken.existingSecret }}
- name: TRAVERSE_MIGRATION_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $r.Values.auth.networkMapperToken.existingSecret }}
      key: {{ $r.Values.auth.networkMapperToken.key }}
{{- end }}
{{- if $c.dashboard }}
- name: TRAVERSE_FLAVOR_URL
  value: {{ include "traverse.url" (dict "root" $r "name" "flavor-service") }}
- name: TRAVERSE_LAUNCH_URL
  value: {{ include "traverse.url" (dict "root" $r "name" "launch-service") }}
{{- end }}
{{- end -}}

{{/* JAVA_TOOL_OPTIONS: the shared options, plus the trust store when one is given. */}}
{{- define "traverse.javaToolOptions" -}}
{{- $opts := .Values.javaToolOptions -}}
{{- with .Values.trustStore.existingSecret -}}
{{- $opts = printf "%s -Djavax.net.ssl.trustStore=/etc/traverse/truststore/%s -Djavax.net.ssl.trustStoreType=PKCS12" $opts $.Values.trustStore.key -}}
{{- if $.Values.trustStore.passwordKey -}}
{{- $opts = printf "%s -Djavax.net.ssl.trustStorePassword=$(TRAVERSE_TRUSTSTORE_PASSWORD)" $opts -}}
{{- end -}}
{{- end -}}
{{- $opts -}}
{{- end -}}

{{/* The trust store's volume and mount, when one is given; call with (dict "root" $ "part" "volume"|"mount"). */}}
{{- define "traverse.trustStore" -}}
{{- with .root.Values.trustStore.existingSecret -}}
{{- if eq $.part "mount" }}
- name: truststore
  mountPath: /etc/traverse/truststore
  readOnly: true
{{- else }}
- name: truststore
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
