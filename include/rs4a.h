/*
 * rs4a.h — C ABI of librs4a: randomized smoothing of all shapes and sizes.
 *
 * Conventions (apply to every declaration below):
 *  - Functions return an rs4a_status; on failure rs4a_last_error() returns
 *    the calling thread's last error message.
 *  - Handles are opaque; every *_create / *_load has a matching *_free.
 *  - Buffers are owned by the caller.
 */
#ifndef RS4A_H
#define RS4A_H

#ifdef __cplusplus
extern "C" {
#endif

#define RS4A_VERSION_MAJOR 0
#define RS4A_VERSION_MINOR 1
#define RS4A_VERSION_PATCH 0

/* The library's version as "major.minor.patch". Static storage: do not free. */
const char *rs4a_version(void);

#ifdef __cplusplus
}
#endif

#endif /* RS4A_H */
