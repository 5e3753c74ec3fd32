// Loaded into the app by tests/bench/profile.ts (PROFILE_HEAP=1, `node --import`): V8's sampling
// heap profiler, keeping the samples of objects the garbage collector has already cleared (which
// `--heap-prof` drops), so the profile shows what a request allocates, not only what survives.
// Written to $HEAP_PROFILE_DIR when the process exits.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', {
	samplingInterval: 16384,
	includeObjectsCollectedByMajorGC: true,
	includeObjectsCollectedByMinorGC: true
});
process.on('exit', () => {
	session.post('HeapProfiler.stopSampling', (error, result) => {
		if (error) return console.error(error);
		writeFileSync(
			join(process.env.HEAP_PROFILE_DIR, 'app.heapprofile'),
			JSON.stringify(result.profile)
		);
	});
});
