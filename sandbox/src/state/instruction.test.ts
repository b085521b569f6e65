import { describe, expect, it } from 'vitest';
import { instructionOf, isMetadataInstruction } from './instruction';

describe('instructionOf', () => {
	it.each([
		['/bin/sh -c #(nop)  CMD ["node" "server.js"]', 'CMD ["node" "server.js"]'],
		['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR /app'],
		[
			'/bin/sh -c #(nop) COPY file:4b9a0c in /app/package.json ',
			'COPY file:4b9a0c in /app/package.json'
		],
		['/bin/sh -c #(nop) COPY dir:77aa in . ', 'COPY dir:77aa in .'],
		['/bin/sh -c npm ci --offline', 'RUN npm ci --offline'],
		['|2 NODE_ENV=production PORT=3000 /bin/sh -c npm run build', 'RUN npm run build'],
		['RUN /bin/sh -c npm ci # buildkit', 'RUN npm ci'],
		['COPY . . # buildkit', 'COPY . .'],
		['Imported from -', 'Imported from -']
	])('%s → %s', (createdBy, instruction) => {
		expect(instructionOf(createdBy)).toBe(instruction);
	});
});

describe('isMetadataInstruction', () => {
	it('separates steps that add files from those that do not', () => {
		expect(isMetadataInstruction('CMD ["node"]')).toBe(true);
		expect(isMetadataInstruction('ENV PORT=3000')).toBe(true);
		expect(isMetadataInstruction('EXPOSE 3000')).toBe(true);
		expect(isMetadataInstruction('RUN npm ci')).toBe(false);
		expect(isMetadataInstruction('COPY . .')).toBe(false);
	});
});
