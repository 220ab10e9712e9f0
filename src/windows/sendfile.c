/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile.c - psutil_sendfile() on Windows: TransmitFile from the C runtime's file
 * descriptor (its HANDLE by _get_osfhandle) to a Winsock socket (the SOCKET as the
 * int sock), in chunks of at most 2 GiB - 1 (TransmitFile's limit), the offset given
 * through OVERLAPPED; the timeout bounds each wait (negative: none).
 */
#include <winsock2.h>

#include "win.h"

#include <io.h>
#include <mswsock.h>

int psutil__os_sendfile(int sock, int fd, uint64_t offset, uint64_t count, double timeout,
                        uint64_t *sent)
{
    *sent = 0;
    HANDLE file = (HANDLE)_get_osfhandle(fd);
    if (file == INVALID_HANDLE_VALUE)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "fd %d is not an open file", fd);
    LARGE_INTEGER size;
    if (!GetFileSizeEx(file, &size))
        return psutil__win_error(GetLastError(), "GetFileSizeEx");
    uint64_t end = (uint64_t)size.QuadPart;
    if (count == 0 || offset + count > end || offset + count < offset)
        count = end > offset ? end - offset : 0;
    double deadline = timeout >= 0 ? psutil__monotonic() + timeout : 0;
    SOCKET s = (SOCKET)(uintptr_t)(unsigned)sock;
    while (*sent < count) {
        uint64_t left = count - *sent;
        DWORD chunk = left > 0x7FFFFFFEu ? 0x7FFFFFFEu : (DWORD)left;
        OVERLAPPED ov = {0};
        uint64_t at = offset + *sent;
        ov.Offset = (DWORD)at;
        ov.OffsetHigh = (DWORD)(at >> 32);
        ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (!ov.hEvent)
            return psutil__win_error(GetLastError(), "CreateEvent");
        BOOL ok = TransmitFile(s, file, chunk, 0, &ov, NULL, 0);
        int err = ok ? 0 : WSAGetLastError();
        if (!ok && err != ERROR_IO_PENDING && err != WSA_IO_PENDING) {
            CloseHandle(ov.hEvent);
            if (err == WSAENOTSOCK)
                return psutil__error(PSUTIL_EINVAL, err, NULL, "sock %d is not a socket", sock);
            return psutil__win_error((DWORD)err, "TransmitFile");
        }
        DWORD ms = INFINITE;
        if (timeout >= 0) {
            double rest = deadline - psutil__monotonic();
            ms = rest <= 0 ? 0 : (DWORD)(rest * 1000.0);
        }
        DWORD w = WaitForSingleObject(ov.hEvent, ms);
        DWORD done = 0, flags = 0;
        if (w == WAIT_TIMEOUT) {
            CancelIoEx((HANDLE)s, &ov);
            WSAGetOverlappedResult(s, &ov, &done, TRUE, &flags);
            *sent += done;
            CloseHandle(ov.hEvent);
            return psutil__error(PSUTIL_ETIMEOUT, 0, NULL, "sendfile: %llu of %llu bytes sent",
                                 (unsigned long long)*sent, (unsigned long long)count);
        }
        ok = WSAGetOverlappedResult(s, &ov, &done, FALSE, &flags);
        err = ok ? 0 : WSAGetLastError();
        CloseHandle(ov.hEvent);
        if (!ok)
            return psutil__win_error((DWORD)err, "TransmitFile");
        *sent += done;
        if (done == 0)
            break;
    }
    return 0;
}
