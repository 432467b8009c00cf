# Writes cors-studio.1 (and cors-studio.1.gz, as installed) from `cors-studio --man-page`, which
# builds it from the texts --help prints.
#   cmake -DCLI=path/to/cors-studio -DOUT=path/to/cors-studio.1 -P manpage.cmake
# A sanitizer build's leak checker must not fail the build over Qt's allocations at exit.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")
execute_process(COMMAND "${CLI}" --man-page
    OUTPUT_FILE "${OUT}.tmp"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${CLI} --man-page failed: ${result}")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
execute_process(COMMAND gzip -9 -n -c "${OUT}"
    OUTPUT_FILE "${OUT}.gz"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip failed: ${result}")
endif()
