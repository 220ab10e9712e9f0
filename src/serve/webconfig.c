/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * webconfig.c - the web configuration file of Prometheus' exporter-toolkit
 * (--web.config.file, https://github.com/prometheus/exporter-toolkit docs/web-
 * configuration.md), the part psutil serve takes:
 *
 *   tls_server_config:
 *     cert_file: server.crt      # PEM; a relative path is the file's directory's
 *     key_file: server.key
 *   basic_auth_users:
 *     alice: $2y$10$...          # bcrypt hashes only, as exporter-toolkit requires
 *
 * TLS is libmicrohttpd's (GnuTLS); passwords are checked with libcrypt's crypt_r. A
 * bcrypt check costs tens to hundreds of ms by design, so a user's last accepted
 * password is remembered (compared in constant time) and a scrape every few seconds
 * pays it once. Keys the exporter-toolkit has and this file does not take yet
 * (client_auth_type, client_ca_file, min_version, cipher_suites, http_server_config,
 * ...) are refused by name rather than ignored: a configuration asking for client
 * certificates must not silently run without them.
 */
#include <crypt.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../cli/cli.h"
#include "serve.h"

struct user {
    char *name, *hash;
    char *accepted; /* the last password that matched the hash, or NULL */
};

struct web_config {
    char *cert, *key; /* PEM text, NULL without TLS */
    struct user *users;
    size_t nusers;
    pthread_mutex_t lock; /* the accepted passwords */
};

/* The whole file at path (relative to dir unless absolute), NUL-terminated. */
static char *slurp_rel(const char *dir, const char *path, const char **why)
{
    char full[4096];
    if (path[0] == '/' || !dir[0])
        snprintf(full, sizeof(full), "%s", path);
    else
        snprintf(full, sizeof(full), "%s/%s", dir, path);
    FILE *f = fopen(full, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    struct text t = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        text_put(&t, buf, n);
    fclose(f);
    text_put(&t, "", 0);
    return t.p;
}

static const char *str(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

void web_config_free(struct web_config *w)
{
    if (!w)
        return;
    free(w->cert);
    free(w->key);
    for (size_t i = 0; i < w->nusers; i++) {
        free(w->users[i].name);
        free(w->users[i].hash);
        free(w->users[i].accepted);
    }
    free(w->users);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* The tls_server_config mapping. NULL, or the fault. */
static const char *load_tls(yaml_document_t *d, yaml_node_t *n, const char *dir,
                            struct web_config *w, char *detail, size_t size)
{
    const char *cert = NULL, *key = NULL, *why = NULL;
    if (n->type != YAML_MAPPING_NODE)
        return "tls_server_config is not a mapping";
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = str(yaml_document_get_node(d, p->key));
        const char *v = str(yaml_document_get_node(d, p->value));
        if (k && strcmp(k, "cert_file") == 0 && v)
            cert = v;
        else if (k && strcmp(k, "key_file") == 0 && v)
            key = v;
        else {
            snprintf(detail, size,
                     "tls_server_config: '%s' is not supported (cert_file and "
                     "key_file are)",
                     k ? k : "?");
            return detail;
        }
    }
    if (!cert || !key)
        return "tls_server_config needs cert_file and key_file";
    if (!(w->cert = slurp_rel(dir, cert, &why))) {
        snprintf(detail, size, "cert_file %s: %s", cert, why);
        return detail;
    }
    if (!(w->key = slurp_rel(dir, key, &why))) {
        snprintf(detail, size, "key_file %s: %s", key, why);
        return detail;
    }
    return NULL;
}

/* The basic_auth_users mapping. NULL, or the fault. */
static const char *load_users(yaml_document_t *d, yaml_node_t *n, struct web_config *w,
                              char *detail, size_t size)
{
    if (n->type != YAML_MAPPING_NODE)
        return "basic_auth_users is not a mapping of user names to bcrypt hashes";
    size_t k = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    w->users = cli_alloc(k ? k : 1, sizeof(*w->users));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *user = str(yaml_document_get_node(d, p->key));
        const char *hash = str(yaml_document_get_node(d, p->value));
        if (!user || !hash)
            return "basic_auth_users is not a mapping of user names to bcrypt hashes";
        if (strncmp(hash, "$2", 2) != 0 || strlen(hash) != 60) {
            snprintf(detail, size, "basic_auth_users: %s's password is not a bcrypt hash", user);
            return detail;
        }
        w->users[w->nusers].name = cli_strdup(user);
        w->users[w->nusers].hash = cli_strdup(hash);
        w->nusers++;
    }
    return NULL;
}

struct web_config *web_config_load(const char *path)
{
    yaml_document_t doc;
    if (serve_yaml_load(path, &doc) != 0)
        return NULL;
    struct web_config *w = cli_alloc(1, sizeof(*w));
    pthread_mutex_init(&w->lock, NULL);
    char dir[4096], detail[512];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    const char *why = NULL;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             !why && p < root->data.mapping.pairs.top; p++) {
            const char *k = str(yaml_document_get_node(&doc, p->key));
            yaml_node_t *v = yaml_document_get_node(&doc, p->value);
            if (k && strcmp(k, "tls_server_config") == 0)
                why = load_tls(&doc, v, dir, w, detail, sizeof(detail));
            else if (k && strcmp(k, "basic_auth_users") == 0)
                why = load_users(&doc, v, w, detail, sizeof(detail));
            else {
                snprintf(detail, sizeof(detail),
                         "'%s' is not supported (tls_server_config and basic_auth_users are)",
                         k ? k : "?");
                why = detail;
            }
        }
    } else if (root) /* an empty file is an empty configuration */
        why = "not a mapping";
    yaml_document_delete(&doc);
    if (why) {
        fprintf(stderr, "psutil serve: %s: %s\n", cli_safe(path), why);
        web_config_free(w);
        return NULL;
    }
    return w;
}

const char *web_config_cert(const struct web_config *w)
{
    return w ? w->cert : NULL;
}

const char *web_config_key(const struct web_config *w)
{
    return w ? w->key : NULL;
}

int web_config_needs_auth(const struct web_config *w)
{
    return w && w->nusers > 0;
}

/* Equal strings, in a time that depends on their lengths only. */
static int same(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = la != lb;
    for (size_t i = 0; i < la && i < lb; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

int web_config_check(struct web_config *w, const char *user, const char *password)
{
    if (!user || !password)
        return 0;
    for (size_t i = 0; i < w->nusers; i++) {
        struct user *u = &w->users[i];
        if (strcmp(u->name, user) != 0)
            continue;
        pthread_mutex_lock(&w->lock);
        int known = u->accepted && same(u->accepted, password);
        pthread_mutex_unlock(&w->lock);
        if (known)
            return 1;
        struct crypt_data *cd = cli_alloc(1, sizeof(*cd));
        const char *h = crypt_r(password, u->hash, cd);
        int ok = h && h[0] != '*' && same(h, u->hash);
        free(cd);
        if (ok) {
            pthread_mutex_lock(&w->lock);
            free(u->accepted);
            u->accepted = cli_strdup(password);
            pthread_mutex_unlock(&w->lock);
        }
        return ok;
    }
    return 0;
}
