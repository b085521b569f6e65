/**
 * What a new lab starts from: a small lab that works as it is (it passes
 * `npm run lessons:check` and proves solvable), so an instructor edits
 * something that runs rather than a blank page. nginx is one of the images
 * every engine has offline (docs/authoring.md, "Images and the network").
 */
export function labTemplate(): Record<string, string> {
	return {
		'index.md': `---
title: 'Lab: Serve a page'
summary: Serve the page in ~/site with nginx, so that it answers on the engine's port 8080.
kind: lab
level: beginner
minutes: 10
topics: [docker run, ports, bind mounts]
---

This is a lab: a goal, and the checks that tell you when you have reached
it. Your home has a small website in \`~/site\`. Put it on the web with
nginx.
`,
		'steps/01-serve-the-site.md': `---
title: Serve the site
open: [site/index.html]
checks:
  - type: container
    name: web
    image: nginx
    state: running
  - type: port
    name: web
    containerPort: 80
    hostPort: 8080
  - type: http
    port: 8080
    bodyIncludes: Hello from my lab
hints:
  - nginx serves the files in \`/usr/share/nginx/html\`; a bind mount (\`-v ~/site:...\`) puts your folder there.
  - "\`docker run -d --name web -p 8080:80 -v ~/site:/usr/share/nginx/html nginx\`"
solution:
  commands:
    - docker run -d --name web -p 8080:80 -v ~/site:/usr/share/nginx/html nginx
---

## The goal

Run a container named **web** from the \`nginx\` image that serves the files
in \`~/site\`, with its port 80 published on the engine's port **8080**.

## What will be checked

- [ ] A container named \`web\`, made from \`nginx\`, is running.
- [ ] Its port 80 is published on port 8080.
- [ ] \`http://localhost:8080\` shows **Hello from my lab**.
`,
		'files/site/index.html': `<!doctype html>
<title>My lab</title>
<h1>Hello from my lab</h1>
`
	};
}
