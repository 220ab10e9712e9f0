/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * http.c - psutil serve's HTTP side on libmicrohttpd: its internal threads poll every
 * connection with epoll, so a client that connects and sends nothing holds one idle
 * slot until its timeout and delays nobody (the hand-written server it replaces took 64
 * connections and stopped accepting while they were open). GET and HEAD of /metrics,
 * / (a page linking to it) and /-/healthy; 405 with Allow for other methods, 404 for
 * other paths; libmicrohttpd answers malformed requests itself.
 *
 * Collections run on one thread of their own and are shared by the scrapes that wait
 * for them: a scrape suspends its connection (libmicrohttpd's suspend/resume, so no
 * server thread waits) and joins the collection running now, or starts the next; when
 * it ends every waiting scrape is resumed and sent its result (a reference, not a
 * copy). 100 simultaneous scrapes cost one collection, and the collectors' state (the
 * process monitor, the groups) is only ever touched by that thread. The body is
 * OpenMetrics 1.0 for a scraper whose Accept lists application/openmetrics-text (as
 * Prometheus's does), text format 0.0.4 otherwise, and gzip-compressed (zlib) for a
 * scraper that accepts gzip: each made once per collection.
 */
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "../cli/cli.h"
#include "serve.h"

/* A collection's exposition, shared by the responses that send it. */
struct result {
    struct text body; /* text format 0.0.4 */
    char *gz;         /* the body gzip-compressed, made by the first scraper that asks */
    size_t gz_len;
    struct text om; /* the body as OpenMetrics, made by the first scraper that asks */
    char *om_gz;    /* and gzip-compressed */
    size_t om_gz_len;
    int refs;
};

/* A scrape waiting for a collection (its connection suspended meanwhile). */
struct waiter {
    struct MHD_Connection *conn;
    struct result *result; /* set when its collection is done (a reference) */
    struct waiter *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct waiter *waiting; /* scrapes for the running or next collection */
static int stopping;

static void result_drop(struct result *r)
{
    pthread_mutex_lock(&lock);
    int last = --r->refs == 0;
    pthread_mutex_unlock(&lock);
    if (last) {
        free(r->body.p);
        free(r->gz);
        free(r->om.p);
        free(r->om_gz);
        free(r);
    }
}

static void free_ref(void *cls)
{
    result_drop(cls);
}

/* The collector thread: while scrapes wait, one collection for all that are waiting
 * when it ends (those that came during it included), then their connections resumed. */
static void *collector(void *arg)
{
    const struct serve_config *cfg = arg;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (!waiting && !stopping)
            pthread_cond_wait(&wake, &lock);
        if (stopping)
            break;
        pthread_mutex_unlock(&lock);
        struct result *r = cli_alloc(1, sizeof(*r));
        cfg->scrape(&r->body, cfg->procs);
        text_put(&r->body, "", 0); /* a body even when every collector failed */
        pthread_mutex_lock(&lock);
        struct waiter *done = waiting;
        waiting = NULL;
        for (struct waiter *w = done; w; w = w->next) {
            w->result = r;
            r->refs++;
        }
        pthread_mutex_unlock(&lock);
        /* Each was suspended before it was listed (both under the lock). */
        for (struct waiter *w = done, *next; w; w = next) {
            next = w->next;
            MHD_resume_connection(w->conn);
        }
        if (!done) { /* the waiters were taken at shutdown (they are told 503) */
            free(r->body.p);
            free(r);
        }
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

/* r's body in the format asked for (om: OpenMetrics), gzip-compressed when gz; each
 * made once per result, by the first scraper that asks. NULL when zlib fails. */
static char *body_of(struct result *r, int om, int gz, size_t *len)
{
    pthread_mutex_lock(&lock);
    if (om && !r->om.p)
        text_openmetrics(&r->body, &r->om);
    struct text *src = om ? &r->om : &r->body;
    char **z_out = om ? &r->om_gz : &r->gz;
    size_t *z_len = om ? &r->om_gz_len : &r->gz_len;
    if (gz && !*z_out) {
        z_stream z = {0};
        uLong bound = compressBound((uLong)src->len) + 32;
        char *out = cli_alloc(bound, 1);
        /* windowBits 15 + 16: a gzip header and trailer around the deflate stream. */
        if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
            z.next_in = (Bytef *)src->p;
            z.avail_in = (uInt)src->len;
            z.next_out = (Bytef *)out;
            z.avail_out = (uInt)bound;
            if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
                *z_out = out;
                *z_len = z.total_out;
                out = NULL;
            }
            deflateEnd(&z);
        }
        free(out);
    }
    char *body = gz ? *z_out : src->p;
    *len = gz ? *z_len : src->len;
    pthread_mutex_unlock(&lock);
    return body;
}

/* The header lists token (or "*" when star) without q=0 (RFC 9110, 12.4.2): gzip in
 * Accept-Encoding, application/openmetrics-text in Accept. */
static int accepts(struct MHD_Connection *c, const char *header, const char *token, int star)
{
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, header);
    size_t tlen = strlen(token);
    while (ae && *ae) {
        size_t n = strcspn(ae, ","), k = 0;
        while (k < n && ae[k] == ' ')
            k++;
        size_t end = k + strcspn(ae + k, " ;,");
        int name = (end - k == tlen && strncasecmp(ae + k, token, tlen) == 0) ||
                   (star && end - k == 1 && ae[k] == '*');
        const char *q = memchr(ae + end, '=', n - end);
        if (name && !(q && q[-1] == 'q' && strtod(q + 1, NULL) == 0))
            return 1;
        ae += n + (ae[n] == ',');
    }
    return 0;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *type,
                             const char *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, mode);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    /* 401 with the Basic challenge (WWW-Authenticate), which libmicrohttpd adds. */
    enum MHD_Result rc = code == MHD_HTTP_UNAUTHORIZED
                             ? MHD_queue_basic_auth_fail_response(c, "psutil serve", resp)
                             : MHD_queue_response(c, code, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    const struct serve_config *cfg = cls;
    (void)version;
    (void)upload_data;
    if (!*req_cls && web_config_needs_auth(cfg->web)) {
        /* Basic auth (RFC 7617) on every path, once per request. */
        char *pass = NULL;
        char *user = MHD_basic_auth_get_username_password(c, &pass);
        int ok = web_config_check(cfg->web, user, pass);
        if (user)
            MHD_free(user);
        if (pass)
            MHD_free(pass);
        if (!ok) {
            static const char msg[] = "401 Unauthorized\n";
            return reply(c, MHD_HTTP_UNAUTHORIZED, "text/plain; charset=utf-8", msg,
                         sizeof(msg) - 1, MHD_RESPMEM_PERSISTENT);
        }
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
        *upload_data_size = 0; /* a body is not read: the answer does not depend on it */
        static const char msg[] = "405 Method Not Allowed\n";
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", msg,
                     sizeof(msg) - 1, MHD_RESPMEM_PERSISTENT);
    }
    if (url[0] != '/') { /* not origin-form (RFC 9112, 3.2.1) */
        static const char msg[] = "400 Bad Request\n";
        return reply(c, MHD_HTTP_BAD_REQUEST, "text/plain; charset=utf-8", msg, sizeof(msg) - 1,
                     MHD_RESPMEM_PERSISTENT);
    }
    if (strcmp(url, cfg->telemetry_path) == 0) {
        struct waiter *w = *req_cls;
        if (!w) {
            /* Wait for a collection, the connection suspended: no thread blocks. */
            w = cli_alloc(1, sizeof(*w));
            w->conn = c;
            *req_cls = w;
            pthread_mutex_lock(&lock);
            MHD_suspend_connection(c);
            w->next = waiting;
            waiting = w;
            pthread_cond_signal(&wake);
            pthread_mutex_unlock(&lock);
            return MHD_YES;
        }
        struct result *r = w->result;
        w->result = NULL; /* the response takes the reference */
        if (!r) {
            static const char msg[] = "503 Service Unavailable: stopping\n";
            return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", msg,
                         sizeof(msg) - 1, MHD_RESPMEM_PERSISTENT);
        }
        int om = accepts(c, "Accept", "application/openmetrics-text", 0);
        int gz = accepts(c, "Accept-Encoding", "gzip", 1);
        size_t len;
        char *body = body_of(r, om, gz, &len);
        if (!body && gz) { /* zlib failed: plain */
            gz = 0;
            body = body_of(r, om, 0, &len);
        }
        /* The result's reference goes with the response: dropped when it is sent. */
        struct MHD_Response *resp =
            MHD_create_response_from_buffer_with_free_callback_cls(len, body, free_ref, r);
        if (!resp) {
            result_drop(r);
            return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                   : "text/plain; version=0.0.4; charset=utf-8");
        if (gz)
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept, Accept-Encoding");
        enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return rc;
    }
    if (strcmp(url, "/") == 0) {
        static const char page[] = "<html><head><title>psutil serve</title></head><body>\n"
                                   "<h1>psutil serve</h1>\n"
                                   "<p><a href=\"/metrics\">Metrics</a></p>\n"
                                   "</body></html>\n";
        return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", page, sizeof(page) - 1,
                     MHD_RESPMEM_PERSISTENT);
    }
    if (strcmp(url, "/-/healthy") == 0) {
        static const char ok[] = "OK\n";
        return reply(c, MHD_HTTP_OK, "text/plain; charset=utf-8", ok, sizeof(ok) - 1,
                     MHD_RESPMEM_PERSISTENT);
    }
    static const char nf[] = "404 Not Found\n";
    return reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", nf, sizeof(nf) - 1,
                 MHD_RESPMEM_PERSISTENT);
}

/* A request is over (answered, or its connection gone): its waiter goes, with the
 * result reference it still holds if it was never answered. */
static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct waiter *w = *req_cls;
    (void)cls;
    (void)c;
    (void)toe;
    if (!w)
        return;
    if (w->result)
        result_drop(w->result);
    free(w);
    *req_cls = NULL;
}

int http_serve(const int *lfd, size_t n, const struct serve_config *cfg)
{
    /* SIGINT and SIGTERM are waited for here: blocked before the other threads start,
     * which inherit the mask, so none of them takes the signal. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    /* A server outlives whoever reads its stderr: a warning written to a closed pipe
     * fails (EPIPE) instead of ending the exporter. */
    signal(SIGPIPE, SIG_IGN);
    pthread_t coll;
    if (pthread_create(&coll, NULL, collector, (void *)cfg) != 0) {
        fprintf(stderr, "psutil serve: cannot start the collector thread\n");
        return CLI_ERROR;
    }
    struct MHD_Daemon *d[HTTP_MAX_LISTEN] = {NULL};
    int rc = CLI_OK;
    const char *cert = web_config_cert(cfg->web), *key = web_config_key(cfg->web);
    for (size_t i = 0; i < n && i < HTTP_MAX_LISTEN && rc == CLI_OK; i++) {
        struct MHD_OptionItem opts[] = {
            {MHD_OPTION_LISTEN_SOCKET, lfd[i], NULL},
            {MHD_OPTION_THREAD_POOL_SIZE, HTTP_THREADS, NULL},
            {MHD_OPTION_CONNECTION_LIMIT, HTTP_MAX_CONNECTIONS, NULL},
            {MHD_OPTION_PER_IP_CONNECTION_LIMIT, HTTP_MAX_PER_ADDRESS, NULL},
            {MHD_OPTION_CONNECTION_TIMEOUT, HTTP_IDLE_SECONDS, NULL},
            {MHD_OPTION_CONNECTION_MEMORY_LIMIT, HTTP_HEAD_BYTES, NULL},
            {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
            /* TLS last: without a certificate the list ends before it. */
            {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cert},
            {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key},
            {MHD_OPTION_END, 0, NULL},
        };
        unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                         MHD_ALLOW_SUSPEND_RESUME | (cert ? MHD_USE_TLS : 0);
        d[i] = MHD_start_daemon(flags, 0, NULL, NULL, on_request, (void *)cfg, MHD_OPTION_ARRAY,
                                opts, MHD_OPTION_END);
        if (!d[i]) {
            fprintf(stderr, "psutil serve: cannot start the HTTP%s server: %s\n", cert ? "S" : "",
                    errno ? strerror(errno) : "see libmicrohttpd's message");
            rc = CLI_ERROR;
        }
    }
    if (rc == CLI_OK) {
        int sig;
        sigwait(&stop, &sig);
    }
    /* Stop the collector; scrapes still waiting are resumed and told 503. */
    pthread_mutex_lock(&lock);
    stopping = 1;
    struct waiter *left = waiting;
    waiting = NULL;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(coll, NULL);
    for (struct waiter *w = left, *next; w; w = next) {
        next = w->next;
        MHD_resume_connection(w->conn);
    }
    for (size_t i = 0; i < n && i < HTTP_MAX_LISTEN; i++)
        if (d[i])
            MHD_stop_daemon(d[i]);
    return rc;
}
