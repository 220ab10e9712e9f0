/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * serve.h - what the parts of psutil serve share: the exposition text (text.c), the
 * process groups of process-exporter's configuration (groups.c) and the HTTP server
 * (http.c, libmicrohttpd). The options and the host collectors are in ../cmd_serve.c.
 */
#ifndef PSUTIL_CLI_SERVE_H
#define PSUTIL_CLI_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "psutil.h"

/* --- the exposition text (text.c) ---------------------------------------------- */

/* A growing text buffer (NUL-terminated; allocation failure exits, as cli_alloc). */
struct text {
    char *p;
    size_t len, cap;
};

void text_put(struct text *t, const char *s, size_t n);
void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* # HELP and # TYPE of a family. */
void family(struct text *t, const char *name, const char *type, const char *help);
/* One sample: name{k1="v1",...} v, the variadic part key, value, ..., NULL. sample
 * writes a double (NaN, +Inf, the shortest exact form), sample_u64 an exact integer. */
void sample(struct text *t, const char *name, double v, ...);
void sample_u64(struct text *t, const char *name, uint64_t v, ...);

/* --- process groups (groups.c) --------------------------------------------------- */

struct groups;

/* Reads process-exporter's YAML configuration (process_names: name templates with
 * comm, exe and cmdline matchers). NULL with a message on stderr when it cannot. */
struct groups *groups_load(const char *path);
/* The psutil_proc_field bits the groups need: what every group reports, plus the
 * command line when a rule matches exe or cmdline or names .ExeBase, .ExeFull or
 * .Matches, and the owner when a name uses .Username. */
uint32_t groups_fields(const struct groups *g);
/* One collection from a monitor refresh's rows (pid order, groups_fields() read): the
 * processes sorted into groups (first matching rule; children of a grouped process
 * join its group), their figures added to each group's counters (which never go down
 * as processes come and go), and the namedprocess_namegroup_* families written.
 * Returns 0. */
int groups_collect(struct groups *g, const psutil_proc_row_t *r, size_t n, struct text *t);
void groups_free(struct groups *g);

/* --- the HTTP server (http.c) ------------------------------------------------------ */

/* libmicrohttpd's internal threads (epoll), the connections it holds at once and from
 * one address (more are accepted and closed at once, so they never queue in front of a
 * scrape), how long a connection may stay idle, and the bytes a connection's request
 * head may take (a larger one is refused with 431; it bounds each connection's memory:
 * 4,096 idle connections hold 32 MiB). */
#define HTTP_THREADS 4
#define HTTP_MAX_CONNECTIONS 4096
#define HTTP_MAX_PER_ADDRESS 1024
#define HTTP_IDLE_SECONDS 10
#define HTTP_HEAD_BYTES 8192
#define HTTP_MAX_LISTEN 8 /* listen addresses (-l repeated) */

struct serve_config {
    int (*scrape)(struct text *out, int procs); /* one collection; returns failures */
    int procs;
    const char *telemetry_path; /* "/metrics" */
};

/* Serves cfg on the n listening sockets lfd (one libmicrohttpd server each, one
 * collector for all) until SIGINT or SIGTERM (blocked in every thread and waited for
 * here). Returns CLI_OK, or CLI_ERROR if a server cannot start. */
int http_serve(const int *lfd, size_t n, const struct serve_config *cfg);

#endif
