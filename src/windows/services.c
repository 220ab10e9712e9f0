/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * services.c - Windows services, as psutil's win_service_iter and win_service_get:
 * EnumServicesStatusEx (SERVICE_WIN32, every state) for the names, display names,
 * states and pids, QueryServiceConfig for the binary path, start type and account,
 * QueryServiceConfig2(SERVICE_CONFIG_DESCRIPTION) for the description.
 */
#include "win.h"

#include <string.h>
#include <winsvc.h>

static const char *state_name(DWORD s)
{
    switch (s) {
    case SERVICE_RUNNING:
        return "running";
    case SERVICE_PAUSED:
        return "paused";
    case SERVICE_START_PENDING:
        return "start_pending";
    case SERVICE_PAUSE_PENDING:
        return "pause_pending";
    case SERVICE_CONTINUE_PENDING:
        return "continue_pending";
    case SERVICE_STOP_PENDING:
        return "stop_pending";
    default:
        return "stopped";
    }
}

static const char *start_name(DWORD t)
{
    switch (t) {
    case SERVICE_AUTO_START:
        return "automatic";
    case SERVICE_DEMAND_START:
        return "manual";
    case SERVICE_DISABLED:
        return "disabled";
    case SERVICE_BOOT_START:
        return "boot";
    case SERVICE_SYSTEM_START:
        return "system";
    default:
        return "";
    }
}

static int pack_ascii(psutil__pack *pk, const char *s, const char **off)
{
    return psutil__pack_str(pk, s, strlen(s), off);
}

/* The configuration strings of one service; what cannot be read stays "". */
static int add(psutil__pack *pk, SC_HANDLE scm, const wchar_t *name, const wchar_t *display,
               const SERVICE_STATUS_PROCESS *st)
{
    psutil_win_service_t r = {0};
    r.pid = st->dwProcessId ? (psutil_pid_t)st->dwProcessId : -1;
    int rc = psutil__win_pack_wstr(pk, name, -1, &r.name);
    if (rc == 0)
        rc = psutil__win_pack_wstr(pk, display, -1, &r.display_name);
    if (rc == 0)
        rc = pack_ascii(pk, state_name(st->dwCurrentState), &r.status);
    const wchar_t *bin = L"", *user = L"", *desc = L"";
    const char *start = "";
    QUERY_SERVICE_CONFIGW *cfg = NULL;
    SERVICE_DESCRIPTIONW *d = NULL;
    SC_HANDLE svc = OpenServiceW(scm, name, SERVICE_QUERY_CONFIG);
    if (svc) {
        DWORD need = 0;
        QueryServiceConfigW(svc, NULL, 0, &need);
        if (need && (cfg = psutil__malloc(need)) && QueryServiceConfigW(svc, cfg, need, &need)) {
            bin = cfg->lpBinaryPathName ? cfg->lpBinaryPathName : L"";
            user = cfg->lpServiceStartName ? cfg->lpServiceStartName : L"";
            start = start_name(cfg->dwStartType);
        }
        need = 0;
        QueryServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, NULL, 0, &need);
        if (need && (d = psutil__malloc(need)) &&
            QueryServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, (BYTE *)d, need, &need) &&
            d->lpDescription)
            desc = d->lpDescription;
        CloseServiceHandle(svc);
    }
    if (rc == 0)
        rc = pack_ascii(pk, start, &r.start_type);
    if (rc == 0)
        rc = psutil__win_pack_wstr(pk, bin, -1, &r.binpath);
    if (rc == 0)
        rc = psutil__win_pack_wstr(pk, user, -1, &r.username);
    if (rc == 0)
        rc = psutil__win_pack_wstr(pk, desc, -1, &r.description);
    psutil__dealloc(cfg);
    psutil__dealloc(d);
    if (rc == 0)
        rc = psutil__pack_add(pk, &r);
    return rc;
}

static int one(psutil__pack *pk, SC_HANDLE scm, const char *name)
{
    wchar_t *w;
    int rc = psutil__win_wide(name, &w);
    if (rc != 0)
        return rc;
    SC_HANDLE svc = OpenServiceW(scm, w, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
    if (!svc) {
        DWORD err = GetLastError();
        psutil__dealloc(w);
        if (err == ERROR_SERVICE_DOES_NOT_EXIST || err == ERROR_INVALID_NAME)
            return psutil__error(PSUTIL_EOS, (int)err, NULL, "no service named %s", name);
        return psutil__win_error(err, "OpenService");
    }
    SERVICE_STATUS_PROCESS st;
    DWORD need = 0;
    wchar_t display[512];
    DWORD dlen = 512;
    BOOL ok = QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&st, sizeof(st), &need);
    DWORD err = GetLastError();
    CloseServiceHandle(svc);
    if (!ok) {
        psutil__dealloc(w);
        return psutil__win_error(err, "QueryServiceStatusEx");
    }
    if (!GetServiceDisplayNameW(scm, w, display, &dlen))
        display[0] = L'\0';
    rc = add(pk, scm, w, display, &st);
    psutil__dealloc(w);
    return rc;
}

int psutil__os_win_services(const char *name, psutil_win_service_t **out, size_t *out_n)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE);
    if (!scm)
        return psutil__win_error(GetLastError(), "OpenSCManager");
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_win_service);
    int rc = 0;
    if (name) {
        rc = one(&pk, scm, name);
    } else {
        DWORD need = 0, count = 0, resume = 0;
        BYTE *buf = NULL;
        EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, NULL, 0,
                              &need, &count, &resume, NULL);
        for (int attempt = 0; attempt < 8; attempt++) {
            psutil__dealloc(buf);
            need += 4096;
            if (!(buf = psutil__malloc(need))) {
                rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "service list");
                break;
            }
            resume = 0;
            if (EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL,
                                      buf, need, &need, &count, &resume, NULL)) {
                ENUM_SERVICE_STATUS_PROCESSW *e = (ENUM_SERVICE_STATUS_PROCESSW *)buf;
                for (DWORD i = 0; i < count && rc == 0; i++)
                    rc = add(&pk, scm, e[i].lpServiceName, e[i].lpDisplayName,
                             &e[i].ServiceStatusProcess);
                break;
            }
            if (GetLastError() != ERROR_MORE_DATA) {
                rc = psutil__win_error(GetLastError(), "EnumServicesStatusEx");
                break;
            }
        }
        psutil__dealloc(buf);
    }
    CloseServiceHandle(scm);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}
