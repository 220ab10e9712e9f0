/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * seeds.c - every target's seed corpus, made from the fixture trees the unit tests use
 * (so a new fixture seeds the fuzzer too) and, for the netlink parser, from a live
 * dump of this kernel's socket tables.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

typedef int (*seed_fn)(void *arg, const char *name, const void *data, size_t size);

/* Reads path whole (fixtures are small). NULL when it is not a readable file. */
static char *slurp(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 24)) {
        close(fd);
        return NULL;
    }
    char *s = malloc((size_t)st.st_size + 1);
    ssize_t n = s ? read(fd, s, (size_t)st.st_size) : -1;
    close(fd);
    if (n < 0) {
        free(s);
        return NULL;
    }
    *size = (size_t)n;
    return s;
}

/* The selector value (0, 1, ...) whose patterns match rel, or -1. */
static int match_globs(const char *globs, const char *rel)
{
    char pat[256];
    int sel = 0;
    for (const char *p = globs; *p;) {
        size_t n = strcspn(p, " |");
        if (n > 0 && n < sizeof(pat)) {
            memcpy(pat, p, n);
            pat[n] = '\0';
            if (fnmatch(pat, rel, 0) == 0)
                return sel;
        }
        p += n;
        if (*p == '|')
            sel++;
        if (*p)
            p++;
    }
    return -1;
}

struct walk {
    const struct fuzz_target *t;
    const char *top;
    seed_fn fn;
    void *arg;
    int selectors; /* the target reads a selector byte */
};

static int emit_file(struct walk *w, const char *path, const char *rel)
{
    int sel = match_globs(w->t->seed_globs, rel);
    if (sel < 0)
        return 0;
    size_t n;
    char *s = slurp(path, &n);
    if (!s)
        return 0;
    int rc;
    if (w->selectors) {
        char *x = malloc(n + 1);
        if (!x) {
            free(s);
            return ENOMEM;
        }
        x[0] = (char)sel;
        memcpy(x + 1, s, n);
        rc = w->fn(w->arg, rel, x, n + 1);
        free(x);
    } else {
        rc = w->fn(w->arg, rel, s, n);
    }
    free(s);
    return rc;
}

/* The lowest numeric entry of dir/proc, for a family's "4242" pid; 0 when none. */
static long first_pid(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/proc", dir);
    DIR *d = opendir(path);
    long best = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char *end;
        long v = strtol(e->d_name, &end, 10);
        if (*end == '\0' && v > 0 && (best == 0 || v < best))
            best = v;
    }
    if (d)
        closedir(d);
    return best;
}

/* A family seed from the fixture tree dir: its files joined by FUZZ_SEP, when it has
 * at least one of them. strip: a prefix the tree's paths lack ("proc/net/" for a folder
 * of /proc/net captures), "" for a whole tree. */
static int emit_family(struct walk *w, const char *dir, const char *rel, const char *strip)
{
    long pid = first_pid(dir);
    char *all = NULL;
    size_t len = 0, found = 0;
    for (size_t i = 0; w->t->files[i]; i++) {
        char file[512], path[1024];
        const char *f = w->t->files[i];
        size_t sl = strlen(strip);
        if (strncmp(f, strip, sl) == 0)
            f += sl;
        else
            f = "\001"; /* not in this capture: an empty part */
        const char *at = strstr(f, "/4242/");
        if (at && pid)
            snprintf(file, sizeof(file), "%.*s/%ld/%s", (int)(at - f), f, pid, at + 6);
        else
            snprintf(file, sizeof(file), "%s", f);
        snprintf(path, sizeof(path), "%s/%s", dir, file);
        size_t n = 0;
        char *s = slurp(path, &n);
        found += s != NULL;
        char *grown = realloc(all, len + n + sizeof(FUZZ_SEP));
        if (!grown) {
            free(s);
            free(all);
            return ENOMEM;
        }
        all = grown;
        if (i > 0) {
            memcpy(all + len, FUZZ_SEP, strlen(FUZZ_SEP));
            len += strlen(FUZZ_SEP);
        }
        if (s)
            memcpy(all + len, s, n);
        len += n;
        free(s);
    }
    int rc = found ? w->fn(w->arg, rel, all, len) : 0;
    free(all);
    return rc;
}

static int walk(struct walk *w, const char *dir, const char *rel, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int rc = 0, is_tree = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024], sub[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (strcmp(e->d_name, "proc") == 0 || strcmp(e->d_name, "sys") == 0 ||
                strcmp(e->d_name, "run") == 0)
                is_tree = 1;
            if (depth < 12)
                rc = walk(w, path, sub, depth + 1);
            /* A folder of /proc/net captures (net/tcp, net/unix, ...) outside a tree. */
            if (rc == 0 && w->t->files && strcmp(e->d_name, "net") == 0 && !strstr(rel, "proc"))
                rc = emit_family(w, path, sub, "proc/net/");
        } else if (S_ISREG(st.st_mode) && w->t->seed_globs) {
            rc = emit_file(w, path, sub);
        }
    }
    closedir(d);
    if (rc == 0 && is_tree && w->t->files)
        rc = emit_family(w, dir, *rel ? rel : "top", "");
    return rc;
}

/* One reply of a live sock_diag dump of each table, with its selector byte. */
static int live_sock_diag(seed_fn fn, void *arg)
{
    static const struct {
        int af, proto;
        const char *name;
    } tables[] = {{AF_INET, IPPROTO_TCP, "live-tcp"},
                  {AF_INET6, IPPROTO_TCP, "live-tcp6"},
                  {AF_INET, IPPROTO_UDP, "live-udp"},
                  {AF_INET6, IPPROTO_UDP, "live-udp6"},
                  {AF_UNIX, 0, "live-unix"}};
    static char buf[1 + 65536];
    int rc = 0;
    for (int i = 0; rc == 0 && i < 5; i++) {
        int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (nl < 0)
            return 0;
        struct {
            struct nlmsghdr nlh;
            union {
                struct inet_diag_req_v2 in;
                struct unix_diag_req un;
            } r;
        } req;
        memset(&req, 0, sizeof(req));
        req.nlh.nlmsg_len = sizeof(req);
        req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        if (tables[i].af == AF_UNIX) {
            req.r.un.sdiag_family = AF_UNIX;
            req.r.un.udiag_states = ~0u;
            req.r.un.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN;
        } else {
            req.r.in.sdiag_family = (unsigned char)tables[i].af;
            req.r.in.sdiag_protocol = (unsigned char)tables[i].proto;
            req.r.in.idiag_states = ~0u;
        }
        struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
        ssize_t n = -1;
        if (sendto(nl, &req, sizeof(req), 0, (struct sockaddr *)&sa, sizeof(sa)) >= 0)
            n = recv(nl, buf + 1, sizeof(buf) - 1, 0);
        close(nl);
        if (n > 0) {
            buf[0] = (char)i;
            rc = fn(arg, tables[i].name, buf, (size_t)n + 1);
        }
    }
    return rc;
}

int fuzz_seeds(const struct fuzz_target *t, const char *fixtures, seed_fn fn, void *arg)
{
    if (strcmp(t->name, "sock_diag") == 0)
        return live_sock_diag(fn, arg);
    struct walk w = {t, fixtures, fn, arg, t->seed_globs && strchr(t->seed_globs, '|') != NULL};
    return walk(&w, fixtures, "", 0);
}
