/**
 * The path through Docker that Berth teaches, as shown on the home page.
 * The lesson catalog (lessons/ and content/) becomes the source of truth
 * once lessons exist; this outline only names the stops along the way.
 */
export const outline = [
	{ title: 'Images and containers', blurb: 'Your first docker run; docker images and docker ps.' },
	{ title: 'Port mapping', blurb: 'Publish a port with -p and open it in the browser.' },
	{
		title: 'Everyday commands',
		blurb: 'Detach, name, read logs, exec into a container, clean up.'
	},
	{ title: 'Dockerfiles and builds', blurb: 'FROM, WORKDIR, COPY, RUN, CMD, and docker build -t.' },
	{ title: 'Environment variables', blurb: 'Configure a container from the outside with -e.' },
	{
		title: 'Layers and caching',
		blurb: 'See the layers, and order a Dockerfile so builds stay fast.'
	},
	{ title: 'Registries', blurb: 'Tag, log in, push, and pull your image back.' },
	{ title: 'Volumes', blurb: 'Keep a database’s data when its container goes away.' },
	{ title: 'Networks', blurb: 'Let a backend reach its database by name.' },
	{ title: 'Compose', blurb: 'The whole stack in one file: up, and down --volumes.' }
] as const;
