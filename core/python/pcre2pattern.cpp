// SPDX-License-Identifier: MIT
#include "python/pcre2pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 16
#include <pcre2.h>

namespace Cors::Py {

namespace {

/**
 * Per-thread matching state. The match data has room for the whole match only: callers need
 * its end, and PCRE2 still matches the whole pattern (it returns 0 instead of the group count
 * when the groups do not fit).
 */
struct ThreadState
{
    pcre2_match_data_16 *data = pcre2_match_data_create_16(1, nullptr);
    pcre2_match_context_16 *context = pcre2_match_context_create_16(nullptr);
    pcre2_jit_stack_16 *jitStack = nullptr;

    ThreadState();
    ~ThreadState()
    {
        pcre2_match_data_free_16(data);
        pcre2_match_context_free_16(context);
        if (jitStack)
            pcre2_jit_stack_free_16(jitStack);
    }
    ThreadState(const ThreadState &) = delete;
    ThreadState &operator=(const ThreadState &) = delete;
};

pcre2_jit_stack_16 *threadJitStack(void *state)
{
    // Null means PCRE2's default 32 KiB on the machine stack, as in QRegularExpression until
    // a match needs more.
    return static_cast<ThreadState *>(state)->jitStack;
}

ThreadState::ThreadState()
{
    pcre2_jit_stack_assign_16(context, &threadJitStack, this);
}

ThreadState &threadState()
{
    thread_local ThreadState state;
    return state;
}

} // namespace

std::shared_ptr<const Pcre2Pattern> Pcre2Pattern::compile(QStringView pattern, QString *error,
                                                          bool anchored)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    static const char16_t empty = 0;
    pcre2_code_16 *code = pcre2_compile_16(
            reinterpret_cast<PCRE2_SPTR16>(pattern.isNull() ? &empty : pattern.utf16()),
            PCRE2_SIZE(pattern.size()), PCRE2_UTF | PCRE2_UCP | (anchored ? PCRE2_ANCHORED : 0u),
            &errorCode, &errorOffset, nullptr);
    if (!code) {
        if (error) {
            PCRE2_UCHAR16 buffer[256];
            const int length = pcre2_get_error_message_16(errorCode, buffer, 256);
            *error = length > 0
                    ? QString::fromUtf16(reinterpret_cast<const char16_t *>(buffer), length)
                    : QStringLiteral("internal error");
        }
        return nullptr;
    }
    // Without JIT (not built in, no executable memory) PCRE2 falls back to its interpreter.
    const bool jit = pcre2_jit_compile_16(code, PCRE2_JIT_COMPLETE) == 0;
    return std::shared_ptr<const Pcre2Pattern>(new Pcre2Pattern(code, jit));
}

Pcre2Pattern::~Pcre2Pattern()
{
    pcre2_code_free_16(m_code);
}

Pcre2Pattern::Result Pcre2Pattern::match(QStringView subject, bool anchored) const
{
    return run(subject, anchored, true);
}

Pcre2Pattern::Result Pcre2Pattern::matchValid(QStringView subject, bool anchored) const
{
    return run(subject, anchored, false);
}

Pcre2Pattern::Result Pcre2Pattern::run(QStringView subject, bool anchored, bool checkUtf) const
{
    ThreadState &state = threadState();
    static const char16_t empty = 0;
    const auto *text = reinterpret_cast<PCRE2_SPTR16>(subject.isNull() ? &empty : subject.utf16());
    const uint32_t options
            = (anchored ? PCRE2_ANCHORED : 0u) | (checkUtf ? 0u : PCRE2_NO_UTF_CHECK);
    // pcre2_match() would check its arguments and options, then call pcre2_jit_match() with
    // the same ones (about 130 instructions a call, a twentieth of a request on a URL regex);
    // it still runs what the JIT cannot (a match-time anchor) and checks the UTF-16.
    const bool direct = m_jit && !anchored && !checkUtf;
    auto once = [&] {
        if (direct) {
            const int rc = pcre2_jit_match_16(m_code, text, PCRE2_SIZE(subject.size()), 0, options,
                                              state.data, state.context);
            if (rc != PCRE2_ERROR_JIT_BADOPTION)
                return rc;
        }
        return pcre2_match_16(m_code, text, PCRE2_SIZE(subject.size()), 0, options, state.data,
                              state.context);
    };
    int rc = once();
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT && !state.jitStack) {
        state.jitStack = pcre2_jit_stack_create_16(32 * 1024, 512 * 1024, nullptr);
        rc = once();
    }
    Result result;
    if (rc >= 0) {
        result.outcome = Outcome::Match;
        result.end = qsizetype(pcre2_get_ovector_pointer_16(state.data)[1]);
    } else if (rc == PCRE2_ERROR_NOMATCH) {
        result.outcome = Outcome::NoMatch;
    } else {
        result.outcome = Outcome::Error;
        result.badSubject = rc <= PCRE2_ERROR_UTF16_ERR1 && rc >= PCRE2_ERROR_UTF16_ERR3;
    }
    return result;
}

} // namespace Cors::Py
