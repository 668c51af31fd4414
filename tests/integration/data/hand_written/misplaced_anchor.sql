-- recon: after + column users.state
UPDATE users SET status = 'active';
