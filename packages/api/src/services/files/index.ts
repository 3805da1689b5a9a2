export { completeUpload } from './complete-upload.ts';
export { getDownloadUrl } from './get-download-url.ts';
export { processMedia } from './process-media.ts';
export { requestUpload } from './request-upload.ts';
