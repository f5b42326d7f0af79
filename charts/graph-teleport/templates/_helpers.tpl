{{/* The chart's name, at most 63 characters. */}}
{{- define "graph-teleport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's name for objects: fullnameOverride, or <release>-<chart> unless the release name already has it. */}}
{{- define "graph-teleport.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else if contains (include "graph-teleport.name" .) .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "graph-teleport.name" .) | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels selecting this release's pods. */}}
{{- define "graph-teleport.selectorLabels" -}}
app.kubernetes.io/name: {{ include "graph-teleport.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "graph-teleport.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{ include "graph-teleport.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The Secret the CronJob mounts the identity from: its own setting, or tbot's output. */}}
{{- define "graph-teleport.identitySecretName" -}}
{{- default .Values.tbot.outputSecretName .Values.cronJob.identity.secretName -}}
{{- end -}}

{{/* tbot's ServiceAccount. */}}
{{- define "graph-teleport.tbotServiceAccountName" -}}
{{- default (printf "%s-tbot" (include "graph-teleport.fullname" .)) .Values.tbot.serviceAccount.name -}}
{{- end -}}

{{/* tbot's configuration (v2): join with a Kubernetes service account token, keep its own state in memory, write the identity output to a Secret. */}}
{{- define "graph-teleport.tbotConfig" -}}
version: v2
{{- if .Values.tbot.authServer }}
auth_server: {{ .Values.tbot.authServer | quote }}
{{- else }}
proxy_server: {{ default .Values.teleport.proxyAddress .Values.tbot.proxyServer | trimPrefix "https://" | required "teleport.proxyAddress (or tbot.proxyServer) is required for tbot" | quote }}
{{- end }}
onboarding:
  join_method: {{ .Values.tbot.joinMethod | quote }}
  token: {{ required "tbot.token is required: the name of the bot's join token" .Values.tbot.token | quote }}
storage:
  type: memory
{{- with .Values.tbot.credentialTtl }}
credential_ttl: {{ . | quote }}
{{- end }}
{{- with .Values.tbot.renewalInterval }}
renewal_interval: {{ . | quote }}
{{- end }}
outputs:
  - type: identity
    destination:
      type: kubernetes_secret
      name: {{ required "tbot.outputSecretName is required" .Values.tbot.outputSecretName | quote }}
{{- end -}}

{{/* Refuses instance fields that have a place of their own: the address, and the identity (a Secret). */}}
{{- define "graph-teleport.checkConfig" -}}
{{- if hasKey .Values.teleport.config "proxyAddress" -}}
{{- fail "set teleport.proxyAddress, not teleport.config.proxyAddress" -}}
{{- end -}}
{{- if or (hasKey .Values.teleport.config "identityFile") (hasKey .Values.teleport.config "identityFilePath") -}}
{{- fail "the identity does not belong in teleport.config: it comes from a Secret (integrationInstance.secretName, or cronJob.identity)" -}}
{{- end -}}
{{- end -}}
