// OpenBLAS reads OPENBLAS_CORETYPE in its own load-time constructor, which runs before ours (a
// library's constructors run after those of the libraries it depends on). So instead of setting
// the variable early, we re-run OpenBLAS's DYNAMIC_ARCH core selection with the variable set:
// gotoblas_dynamic_quit() forgets the choice, gotoblas_dynamic_init() makes it again and calls
// the kernel set's own parameter initialisation. Both are exported by DYNAMIC_ARCH builds; we
// look them up with dlsym in the OpenBLAS library this code is linked against (found through the
// address of one of its public functions, so it also works when librs4a.so was loaded with
// RTLD_LOCAL, as Python's ctypes does), so other OpenBLAS builds still link and are left alone.
#define _GNU_SOURCE
#include "blas_core.h"
#include "rs4a_kernels.h"

#include <cblas.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef void (*void_fn)(void);

/// The OpenBLAS library that provides our cblas_sgemm (NULL if it cannot be found).
static void *openblas_handle(void) {
    Dl_info info;
    if (dladdr((void *)&openblas_get_corename, &info) == 0 || info.dli_fname == NULL) return NULL;
    // RTLD_NOLOAD: only a handle to the already loaded library (no second copy).
    return dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static rs4a_blas_core_decision decision = RS4A_BLAS_CORE_UNSUPPORTED;

static void select_core(void) {
    if (getenv("OPENBLAS_CORETYPE") != NULL) { decision = RS4A_BLAS_CORE_USER_SETTING; return; }
    if (getenv("RS4A_OPENBLAS_KEEP_CORETYPE") != NULL) { decision = RS4A_BLAS_CORE_OPTED_OUT; return; }
    if (!rs4a_cpu_has_avx512()) { decision = RS4A_BLAS_CORE_NO_AVX512; return; }
    void *library = openblas_handle();
    void_fn quit = library ? (void_fn)dlsym(library, "gotoblas_dynamic_quit") : NULL;
    void_fn init = library ? (void_fn)dlsym(library, "gotoblas_dynamic_init") : NULL;
    int has_skylakex = library && dlsym(library, "gotoblas_SKYLAKEX") != NULL;
    if (library) dlclose(library);  // drops only the reference RTLD_NOLOAD added
    if (!quit || !init || !has_skylakex) {
        decision = RS4A_BLAS_CORE_UNSUPPORTED;
        return;
    }
    const char *current = openblas_get_corename();
    if (!current || (strcasecmp(current, "Haswell") != 0 && strcasecmp(current, "Zen") != 0)) {
        decision = RS4A_BLAS_CORE_ALREADY_SUITABLE;
        return;
    }
    // Set only for the re-selection and removed again, so child processes see the user's environment.
    if (setenv("OPENBLAS_CORETYPE", "SkylakeX", 0) != 0) { decision = RS4A_BLAS_CORE_UNSUPPORTED; return; }
    quit();
    init();
    unsetenv("OPENBLAS_CORETYPE");
    const char *now = openblas_get_corename();
    if (now && strcasecmp(now, "SkylakeX") == 0) {
        decision = RS4A_BLAS_CORE_SWITCHED;
    } else {
        // Not taken (should not happen once gotoblas_SKYLAKEX exists): back to OpenBLAS's own choice.
        quit();
        init();
        decision = RS4A_BLAS_CORE_UNSUPPORTED;
    }
}

rs4a_blas_core_decision rs4a_blas_core_select(void) {
    pthread_once(&once, select_core);
    return decision;
}

const char *rs4a_blas_core_name(void) {
    const char *n = openblas_get_corename();
    return n ? n : "unknown";
}

// At load time, while the process is normally still single-threaded and no GEMM is in flight.
__attribute__((constructor)) static void select_core_at_load(void) { (void)rs4a_blas_core_select(); }
