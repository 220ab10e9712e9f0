/* SPDX-License-Identifier: BSD-3-Clause */
/* listening_sockets: every listening TCP socket with the process that owns it, as
 * ss -tlnp (run as root to see every owner; others' sockets show pid -1 otherwise).
 *   cc listening_sockets.c $(pkg-config --cflags --libs psutil) -o listening_sockets */
#include <psutil.h>
#include <stdio.h>

int main(void)
{
    psutil_connection_t *c;
    size_t n;
    int rc = psutil_net_connections(PSUTIL_CONN_KIND_TCP, &c, &n);
    if (rc != 0) {
        fprintf(stderr, "listening_sockets: %s\n", psutil_strerror(rc));
        return 1;
    }
    printf("%-40s %7s  %s\n", "LOCAL", "PID", "PROCESS");
    for (size_t i = 0; i < n; i++) {
        if (c[i].status != PSUTIL_CONN_LISTEN)
            continue;
        char addr[64], *name = NULL;
        psutil_proc_t *p;
        snprintf(addr, sizeof(addr), c[i].family == PSUTIL_AF_INET6 ? "[%s]:%d" : "%s:%d",
                 c[i].laddr, c[i].lport);
        if (c[i].pid > 0 && psutil_proc_open(c[i].pid, &p) == 0) {
            psutil_proc_name(p, &name); /* a process gone meanwhile keeps name NULL */
            psutil_proc_close(p);
        }
        printf("%-40s %7d  %s\n", addr, (int)c[i].pid, name ? name : "-");
        psutil_free(name);
    }
    psutil_free(c);
    return 0;
}
