// expect: error
// error: at load time
// The bundle throws while loading.
throw new TypeError('at load time');
