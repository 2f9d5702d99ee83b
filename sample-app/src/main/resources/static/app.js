'use strict';

// The bridge's status page: the clients' state (api/clients, the wsclients endpoint's view of
// the clients the caller may read), polled, and their last messages from the Server-Sent Events
// streams. No build step, no library.
//
// Clients readable without credentials need nothing. For the others, the page takes an API key
// or an access token, keeps it in memory only (gone with the tab), sends it as a header, and
// opens each stream with a single-use ticket: EventSource cannot send headers, and a long-lived
// credential must never go into a URL.
//
// URLs are relative, so the page also works behind a path prefix (an ingress at /bridge/).

(() => {
	const POLL_MILLIS = 2000;
	const REOPEN_MILLIS = 2000;
	const LAST_MESSAGES = 20;
	const MAX_TEXT = 300;
	// Browsers allow 6 HTTP/1.1 connections per host, and every stream holds one:
	// leave some for polling and for other tabs.
	const MAX_LIVE_STREAMS = 4;

	const clientsElement = document.getElementById('clients');
	const statusElement = document.getElementById('status');
	const template = document.getElementById('client-template');
	const credentialForm = document.getElementById('credentials');
	const credentialInput = document.getElementById('credential');
	const cards = new Map();
	let credential = null;

	credentialForm.addEventListener('submit', (event) => {
		event.preventDefault();
		credential = credentialInput.value.trim() || null;
		credentialInput.value = '';
		restartStreams();
	});
	document.getElementById('forget').addEventListener('click', () => {
		credential = null;
		restartStreams();
	});

	// A JWT is three Base64URL parts; anything else is taken for an API key (<id>.<secret>).
	function authorization() {
		if (!credential) {
			return {};
		}
		return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential) && credential.startsWith('eyJ')
			? { Authorization: `Bearer ${credential}` }
			: { 'X-API-Key': credential };
	}

	function restartStreams() {
		for (const card of cards.values()) {
			closeStream(card);
			card.element.remove();
		}
		cards.clear();
		poll(false);
	}

	function field(card, name) {
		return card.element.querySelector(`[data-field="${name}"]`);
	}

	function createCard(name) {
		const element = template.content.firstElementChild.cloneNode(true);
		element.dataset.client = name;
		const card = { name, element, source: null, lastReceived: null, lastPolled: null };
		field(card, 'name').textContent = name;
		const live = field(card, 'live');
		live.checked = liveCount() < MAX_LIVE_STREAMS;
		live.addEventListener('change', () => {
			if (live.checked && liveCount() > MAX_LIVE_STREAMS) {
				live.checked = false;
				field(card, 'streamStatus').textContent =
					`At most ${MAX_LIVE_STREAMS} live streams at once; uncheck another client first.`;
				return;
			}
			updateStream(card);
		});
		cards.set(name, card);
		clientsElement.appendChild(element);
		updateStream(card);
		return card;
	}

	function liveCount() {
		let count = 0;
		for (const card of cards.values()) {
			if (field(card, 'live').checked) {
				count++;
			}
		}
		return count;
	}

	function updateStream(card) {
		const wanted = field(card, 'live').checked;
		if (wanted && !card.source) {
			openStream(card);
		}
		else if (!wanted && card.source) {
			closeStream(card);
			// Turned on again, the stream starts live rather than replaying what was missed.
			card.lastEventId = null;
			field(card, 'streamStatus').textContent = 'Live messages off.';
		}
	}

	function closeStream(card) {
		if (card.source) {
			card.source.close();
			card.source = null;
		}
		clearTimeout(card.reopen);
	}

	async function streamUrl(card) {
		// EventSource resumes by itself (Last-Event-ID); a new EventSource, such as one
		// with a new ticket, resumes with since.
		const url = `streams/${encodeURIComponent(card.name)}`
			+ (card.lastEventId ? `?since=${encodeURIComponent(card.lastEventId)}` : '');
		if (!credential) {
			return url;
		}
		const response = await fetch('api/stream-tickets', { method: 'POST', headers: authorization() });
		if (!response.ok) {
			throw new Error(`no stream ticket (HTTP ${response.status})`);
		}
		const ticket = await response.json();
		return `${url}${url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket.ticket)}`;
	}

	async function openStream(card) {
		const status = field(card, 'streamStatus');
		status.textContent = 'Connecting to the stream…';
		card.source = { close() {} };
		let url;
		try {
			url = await streamUrl(card);
		}
		catch (error) {
			card.source = null;
			status.textContent = `Cannot open the stream: ${error.message}; retrying…`;
			card.reopen = setTimeout(() => updateStream(card), REOPEN_MILLIS);
			return;
		}
		if (!card.source || !field(card, 'live').checked) {
			return;
		}
		const source = new EventSource(url);
		card.source = source;
		source.onopen = () => {
			status.textContent = 'Streaming.';
		};
		source.onmessage = (event) => addMessage(card, event.lastEventId, event.data);
		source.addEventListener('binary', (event) => {
			const bytes = Math.floor((event.data.length * 3) / 4) - (event.data.match(/=*$/)[0].length);
			addMessage(card, event.lastEventId, `[binary, ${bytes} bytes]`);
		});
		source.addEventListener('gap', (event) => {
			card.lastEventId = event.lastEventId;
			const gap = JSON.parse(event.data);
			addNotice(card, gap.reset
				? 'the bridge restarted: earlier messages are lost'
				: `missed while disconnected and no longer kept: ${gap.missed} messages`);
		});
		source.addEventListener('error', (event) => {
			if (event.data) {
				// The bridge cut this page off: it fell too far behind.
				const reason = JSON.parse(event.data).reason;
				addNotice(card, `disconnected by the bridge: ${reason}; reconnecting`);
			}
			if (source.readyState === EventSource.CLOSED || credential) {
				// A ticket opens a stream once: a new one is needed to reconnect.
				source.close();
				if (card.source === source) {
					card.source = null;
					status.textContent = 'Stream interrupted; reconnecting…';
					card.reopen = setTimeout(() => updateStream(card), REOPEN_MILLIS);
				}
			}
			else if (source.readyState !== EventSource.OPEN) {
				status.textContent = 'Stream interrupted; reconnecting…';
			}
		});
	}

	function addMessage(card, id, text) {
		// Ids are <epoch>-<sequence>.
		card.lastEventId = id;
		const sequence = id.slice(id.indexOf('-') + 1);
		const item = document.createElement('li');
		item.dataset.seq = sequence;
		const seq = document.createElement('span');
		seq.className = 'seq';
		seq.textContent = `#${sequence}`;
		const data = document.createElement('span');
		data.className = 'data';
		data.textContent = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
		item.append(seq, data);
		prepend(card, item);
	}

	function addNotice(card, text) {
		const item = document.createElement('li');
		item.className = 'notice';
		item.textContent = text;
		prepend(card, item);
	}

	function prepend(card, item) {
		const list = field(card, 'messages');
		list.prepend(item);
		while (list.children.length > LAST_MESSAGES) {
			list.lastElementChild.remove();
		}
	}

	function showClient(name, client, now) {
		const card = cards.get(name) || createCard(name);
		const state = field(card, 'state');
		state.textContent = client.state;
		state.dataset.state = client.state;
		field(card, 'url').textContent = client.url || '–';
		// Clients ping only after ping-interval of silence: a busy feed may never have been pinged.
		field(card, 'rtt').textContent = client.pingRttMillis == null
			? 'no ping yet'
			: `${client.pingRttMillis.toFixed(1)} ms`;
		field(card, 'received').textContent = String(client.messagesReceived);
		field(card, 'reconnects').textContent = String(client.reconnectAttempts);
		field(card, 'lastClose').textContent = client.lastClose
			? `${client.lastClose.code}${client.lastClose.reason ? ` ${client.lastClose.reason}` : ''}`
			: '–';
		if (card.lastPolled !== null && now > card.lastPolled) {
			const perSecond = ((client.messagesReceived - card.lastReceived) * 1000) / (now - card.lastPolled);
			field(card, 'rate').textContent = `${perSecond.toFixed(1)} msg/s`;
		}
		else {
			field(card, 'rate').textContent = '–';
		}
		card.lastReceived = client.messagesReceived;
		card.lastPolled = now;
	}

	async function poll(again = true) {
		try {
			const response = await fetch('api/clients', { headers: { Accept: 'application/json', ...authorization() } });
			if (!response.ok) {
				throw new Error(response.status === 401
					? 'the API key or token was refused'
					: `HTTP ${response.status}`);
			}
			const body = await response.json();
			const now = Date.now();
			const names = Object.keys(body.clients);
			for (const name of names) {
				showClient(name, body.clients[name], now);
			}
			statusElement.textContent = names.length === 0
				? (credential
					? 'These credentials may read no client.'
					: 'No client may be read without credentials: enter an API key or an access token.')
				: `${names.length} client${names.length === 1 ? '' : 's'}, updated ${new Date(now).toLocaleTimeString()}.`;
		}
		catch (error) {
			statusElement.textContent = `Cannot read the clients' state: ${error.message}`;
		}
		finally {
			if (again) {
				setTimeout(poll, POLL_MILLIS);
			}
		}
	}

	poll();
})();
